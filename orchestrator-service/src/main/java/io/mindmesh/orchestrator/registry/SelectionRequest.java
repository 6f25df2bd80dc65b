package io.mindmesh.orchestrator.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** Body of {@code POST /internal/v1/selections}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SelectionRequest(String query, List<String> verticals, List<String> requiredCapabilities, int maxAgents,
        BigDecimal minConfidence) {
}
