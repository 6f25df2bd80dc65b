package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * What an agent answered.
 *
 * @param confidence the agent's confidence in its output, in [0, 1]
 * @param units      the work it did, in its pricing unit; the step costs {@code basePrice + variablePrice × units}
 */
public record AgentResult(JsonNode output, BigDecimal confidence, BigDecimal units) {
}
