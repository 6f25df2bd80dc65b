package io.mindmesh.orchestrator.orchestration.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which agents may be selected (docs/public-api.md#orchestrate-request). */
public record SelectionCriteria(
        @Size(max = 20, message = "must list at most 20 verticals")
        List<String> verticals,

        @Size(max = 20, message = "must list at most 20 capabilities")
        List<String> requiredCapabilities,

        @Schema(minimum = "1", maximum = "10", defaultValue = "5")
        @Min(value = 1, message = "must be between 1 and 10")
        @Max(value = 10, message = "must be between 1 and 10")
        Integer maxAgents,

        @Schema(minimum = "0", maximum = "1", defaultValue = "0.7")
        @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1")
        BigDecimal minConfidence) {
}
