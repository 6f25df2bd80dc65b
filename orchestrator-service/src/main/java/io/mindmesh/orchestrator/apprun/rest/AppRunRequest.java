package io.mindmesh.orchestrator.apprun.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Size;

/**
 * Body of the app-run endpoints, under each client's names: {@code appId} ({@code POST /apps/run},
 * {@code /agents/run}) or {@code workerId} ({@code POST /workers/run}, the {@code mindstudio} npm
 * client). {@code callbackSecret} is ours: when given, callbacks carry its signature. Fields the
 * clients send that change nothing here ({@code version}, {@code metadata}) are accepted and ignored.
 */
public record AppRunRequest(
        @Size(max = 100, message = "must be at most 100 characters")
        String appId,
        @Size(max = 100, message = "must be at most 100 characters")
        String workerId,
        @Size(max = 200, message = "must be at most 200 characters")
        String workflow,
        JsonNode variables,
        @Size(max = 2048, message = "must be at most 2048 characters")
        String callbackUrl,
        @Size(max = 256, message = "must be at most 256 characters")
        String callbackSecret,
        @Size(max = 2048, message = "must be at most 2048 characters")
        String progressUrl,
        Boolean includeBillingCost,
        Boolean async) {
}
