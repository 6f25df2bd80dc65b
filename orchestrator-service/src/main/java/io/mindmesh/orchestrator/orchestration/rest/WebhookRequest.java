package io.mindmesh.orchestrator.orchestration.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where and for which events to notify the caller (docs/public-api.md#webhooks). Events default to
 * all five.
 */
public record WebhookRequest(
        @NotBlank(message = "must be an http or https URL")
        @Size(max = 2048, message = "must be at most 2048 characters")
        @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*", message = "must be an http or https URL")
        String url,

        @Schema(enumeration = {"execution.started", "execution.completed", "execution.failed", "agent.started",
                "agent.completed"})
        @Size(max = 5, message = "must list at most the 5 webhook events")
        List<String> events,

        @Size(max = 256, message = "must be at most 256 characters")
        String secret) {
}
