package io.mindmesh.registry.selection.rest;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.registry.selection.SelectionCriteria;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /internal/v1/selections}: the orchestrator's selection criteria (the public
 * {@code selectionCriteria} of {@code /v1/orchestrate}) and the query. Absent maxAgents and
 * minConfidence take the public defaults, 5 and 0.7 (docs/public-api.md#orchestrate-request).
 * Messages starting in lower case get the field name in front (platform-commons).
 */
public record SelectionRequest(
        @NotBlank(message = "Query is required and must be between 1 and 10000 characters")
        @Size(max = 10_000, message = "Query is required and must be between 1 and 10000 characters")
        String query,
        @Size(max = 50, message = "may list at most 50 values")
        List<String> verticals,
        @Size(max = 50, message = "may list at most 50 values")
        List<String> requiredCapabilities,
        @Min(value = 1, message = "must be between 1 and 10")
        @Max(value = 10, message = "must be between 1 and 10")
        Integer maxAgents,
        @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1")
        Double minConfidence) {

    public SelectionCriteria criteria() {
        return new SelectionCriteria(query, values("verticals", verticals),
                values("requiredCapabilities", requiredCapabilities),
                maxAgents == null ? SelectionCriteria.DEFAULT_MAX_AGENTS : maxAgents,
                minConfidence == null ? SelectionCriteria.DEFAULT_MIN_CONFIDENCE : minConfidence);
    }

    /** A blank entry is refused rather than ignored: dropping it could widen a filter the caller meant. */
    private static Set<String> values(String field, List<String> raw) {
        if (raw == null) {
            return Set.of();
        }
        if (raw.stream().anyMatch(value -> value == null || value.isBlank())) {
            throw ApiException.invalid(field, field + " must not contain blank values");
        }
        return raw.stream().map(String::trim).collect(Collectors.toSet());
    }
}
