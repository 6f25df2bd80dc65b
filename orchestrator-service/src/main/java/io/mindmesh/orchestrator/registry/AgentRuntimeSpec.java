package io.mindmesh.orchestrator.registry;

/**
 * How an agent runs: {@code simulated} (built in), {@code http} (an endpoint that speaks the agent
 * protocol) or {@code llm} (a model of a configured provider, {@code llm}). Latencies and timeouts
 * are in milliseconds; {@code failureRate} is a probability for simulated agents.
 */
public record AgentRuntimeSpec(String type, String endpoint, Long timeoutMs, Long latencyMs, Double failureRate,
        LlmSpec llm) {

    public static final String SIMULATED = "simulated";
    public static final String HTTP = "http";
    public static final String LLM = "llm";

    public AgentRuntimeSpec(String type, String endpoint, Long timeoutMs, Long latencyMs, Double failureRate) {
        this(type, endpoint, timeoutMs, latencyMs, failureRate, null);
    }

    public AgentRuntimeSpec {
        type = type == null ? SIMULATED : type;
    }

    public boolean http() {
        return HTTP.equals(type);
    }

    /** An {@code llm} agent with its model settings. */
    public boolean runsModel() {
        return LLM.equals(type) && llm != null;
    }
}
