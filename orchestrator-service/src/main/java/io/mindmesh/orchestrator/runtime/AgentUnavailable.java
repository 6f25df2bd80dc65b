package io.mindmesh.orchestrator.runtime;

/**
 * The agent was not called because its circuit breaker is open: it failed repeatedly just before.
 * Not retryable within the step, since the breaker stays open for its whole delay.
 */
public class AgentUnavailable extends AgentFailure {

    private static final String CODE = "AGENT_UNAVAILABLE";

    public AgentUnavailable(String agentName) {
        super(CODE + ": agent " + agentName + " was not called: its circuit breaker is open after repeated failures",
                false);
    }

    @Override
    public String outcome() {
        return "circuit_open";
    }
}
