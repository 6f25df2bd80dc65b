package io.mindmesh.orchestrator.orchestration.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/orchestrate}. Absent optional fields take the documented defaults
 * (docs/public-api.md#orchestrate-request).
 */
public record OrchestrateRequest(
        @Schema(description = "Natural language instruction", minLength = 1, maxLength = 10000, required = true)
        @NotBlank(message = QUERY_MESSAGE)
        @Size(max = 10000, message = QUERY_MESSAGE)
        String query,

        @Schema(description = "Structured data for the agents: an object at most 10 levels deep")
        JsonNode context,

        @Valid
        SelectionCriteria selectionCriteria,

        @Schema(enumeration = {"merge", "best", "vote", "custom"}, defaultValue = "merge")
        @Pattern(regexp = "merge|best|vote|custom", message = "must be one of merge, best, vote or custom")
        String aggregationStrategy,

        @Schema(enumeration = {"SEQUENTIAL", "PARALLEL", "DAG"}, defaultValue = "PARALLEL")
        @Pattern(regexp = "SEQUENTIAL|PARALLEL|DAG", message = "must be one of SEQUENTIAL, PARALLEL or DAG")
        String mode,

        @Valid
        WebhookRequest webhook) {

    public static final String QUERY_MESSAGE = "Query is required and must be between 1 and 10000 characters";
}
