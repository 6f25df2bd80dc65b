package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.util.Map;

/**
 * One attempt at running one agent.
 *
 * @param attempt      1 for the first call, 2 for the first retry, ...
 * @param context      the caller's context object (an empty object when none was sent)
 * @param upstream     outputs of the steps this one waits for, keyed by agent name, in plan order
 * @param instructions what this step asks of its agent beside the query: a workflow step's
 *                     instructions with its launch variables substituted; empty for orchestrations
 */
public record AgentCall(String executionId, String stepId, int attempt, SelectedAgent agent, String query,
        JsonNode context, Map<String, JsonNode> upstream, String instructions) {

    public AgentCall {
        instructions = instructions == null ? "" : instructions;
    }
}
