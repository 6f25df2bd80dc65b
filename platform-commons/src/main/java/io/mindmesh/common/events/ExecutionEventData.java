package io.mindmesh.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The payload of every lifecycle event. Execution events leave the agent fields empty; agent
 * events carry the agent and its step.
 *
 * @param status     the execution's or the step's status after the change
 * @param cost       USD: the step's cost for agent events, the captured total for final events
 * @param durationMs how long the step or execution took, for completed and failed events
 * @param output     the agent's output, or the aggregated result for {@code execution.completed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionEventData(
        String executionId,
        String status,
        String query,
        String mode,
        String agentId,
        String agentName,
        String stepId,
        BigDecimal cost,
        Long durationMs,
        JsonNode output,
        String error) {
}
