package io.mindmesh.orchestrator.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** A completed step's answer, as aggregation sees it; {@code position} is the plan order (1-based). */
public record AgentOutput(String agentName, int position, BigDecimal confidence, JsonNode output) {
}
