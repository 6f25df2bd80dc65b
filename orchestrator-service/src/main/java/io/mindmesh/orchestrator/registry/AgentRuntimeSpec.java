package io.mindmesh.orchestrator.registry;

/**
 * How an agent runs: {@code simulated} (built in) or {@code http} (an endpoint that speaks the agent
 * protocol). Latencies and timeouts are in milliseconds; {@code failureRate} is a probability for
 * simulated agents.
 */
public record AgentRuntimeSpec(String type, String endpoint, Long timeoutMs, Long latencyMs, Double failureRate) {

    public static final String SIMULATED = "simulated";
    public static final String HTTP = "http";

    public AgentRuntimeSpec {
        type = type == null ? SIMULATED : type;
    }

    public boolean http() {
        return HTTP.equals(type);
    }
}
