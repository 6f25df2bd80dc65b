package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.util.Map;

/**
 * One attempt at running one agent.
 *
 * @param attempt  1 for the first call, 2 for the first retry, ...
 * @param context  the caller's context object (an empty object when none was sent)
 * @param upstream outputs of the steps this one waits for, keyed by agent name, in plan order
 */
public record AgentCall(String executionId, String stepId, int attempt, SelectedAgent agent, String query,
        JsonNode context, Map<String, JsonNode> upstream) {
}
