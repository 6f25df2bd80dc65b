package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.AgentRuntimeSpec;
import io.mindmesh.orchestrator.registry.LlmSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Catalog entries as the registry would return them, for tests that plan and run without a registry. */
public final class TestAgents {

    private TestAgents() {
    }

    /** A simulated agent costing {@code basePrice + 0.001 × 100 units}, with the given latency and confidence. */
    public static SelectedAgent simulated(String name, String confidence, long latencyMs) {
        return agent(name, "marketing", List.of(), List.of(), latencyMs, 0.0, confidence);
    }

    /**
     * The same agent at a flat price: basePrice 0.20 and nothing per unit, so each completed step
     * costs exactly 0.20, whatever units the simulated runtime draws from the output digest (80 to
     * 100 % of the typical 100), and its quote stays 0.20. For tests that assert literal amounts.
     */
    public static SelectedAgent flatPriced(SelectedAgent agent) {
        return new SelectedAgent(agent.id(), agent.name(), agent.displayName(), agent.vertical(), agent.capabilities(),
                agent.description(), agent.consumes(), agent.produces(),
                new AgentPricing(new BigDecimal("0.20"), BigDecimal.ZERO, "tokens", new BigDecimal("100")),
                agent.estimatedCost(), agent.runtime(), agent.typicalLatencyMs(), agent.version(), agent.confidence());
    }

    public static SelectedAgent failing(String name, String confidence) {
        return agent(name, "marketing", List.of(), List.of(), 10, 1.0, confidence);
    }

    public static SelectedAgent wired(String name, List<String> consumes, List<String> produces, long latencyMs) {
        return agent(name, "supply-chain", consumes, produces, latencyMs, 0.0, "0.9");
    }

    /**
     * An {@code http} agent at {@code endpoint} (an {@link AgentServer}), with a fresh id so that each
     * test has its own circuit breaker; {@code timeoutMs} null for the runtime's default.
     */
    public static SelectedAgent http(String name, String endpoint, String confidence, List<String> consumes,
            List<String> produces, Long timeoutMs) {
        return new SelectedAgent("agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), name, name,
                "marketing", List.of("testing"), "A test agent served over HTTP", consumes, produces,
                new AgentPricing(new BigDecimal("0.10"), new BigDecimal("0.001"), "tokens", new BigDecimal("100")),
                new BigDecimal("0.20"),
                new AgentRuntimeSpec(AgentRuntimeSpec.HTTP, endpoint, timeoutMs, 200L, null),
                200L, 1, new BigDecimal(confidence));
    }

    public static SelectedAgent http(String name, String endpoint, String confidence) {
        return http(name, endpoint, confidence, List.of(), List.of(), null);
    }

    public static SelectedAgent agent(String name, String vertical, List<String> consumes, List<String> produces,
            long latencyMs, double failureRate, String confidence) {
        return new SelectedAgent("agent_" + name.replace('-', '_'), name, name, vertical, List.of("testing"),
                "A test agent", consumes, produces,
                new AgentPricing(new BigDecimal("0.10"), new BigDecimal("0.001"), "tokens", new BigDecimal("100")),
                new BigDecimal("0.20"),
                new AgentRuntimeSpec(AgentRuntimeSpec.SIMULATED, null, null, latencyMs, failureRate),
                latencyMs, 1, new BigDecimal(confidence));
    }

    /**
     * An {@code llm} agent of provider {@code fake} (a {@code FakeOpenAi}): base price 0.01 and a quote
     * of {@code quote} (variablePrice 0.001 × the units that make it up), 0.50 per 1000 input and
     * 1.00 per 1000 output tokens; a fresh id and model, so that each test has its own breaker.
     */
    public static SelectedAgent llm(String name, String userPrompt, int maxOutputTokens, String quote, Long timeoutMs) {
        return llm("fake", name, userPrompt, maxOutputTokens, quote, timeoutMs);
    }

    /** The same agent of another provider. */
    public static SelectedAgent llm(String provider, String name, String userPrompt, int maxOutputTokens, String quote,
            Long timeoutMs) {
        BigDecimal base = new BigDecimal("0.01");
        BigDecimal units = new BigDecimal(quote).subtract(base).divide(new BigDecimal("0.001"));
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new SelectedAgent("agent_" + id, name, name, "marketing", List.of("testing"), "A test agent that is a model",
                List.of(), List.of(),
                new AgentPricing(base, new BigDecimal("0.001"), "tokens", units), new BigDecimal(quote),
                new AgentRuntimeSpec(AgentRuntimeSpec.LLM, null, timeoutMs, null, null,
                        new LlmSpec(provider, "fake-model-" + id, "You write marketing copy.", userPrompt,
                                new BigDecimal("0.2"), maxOutputTokens, null, new BigDecimal("0.5"), BigDecimal.ONE,
                                null)),
                200L, 1, new BigDecimal("0.9"));
    }

    /** {@link #llm} with {@code stream: true}: its answer comes as chunks, shown on the streams as it arrives. */
    public static SelectedAgent streamingLlm(String name, String userPrompt, int maxOutputTokens, String quote) {
        SelectedAgent a = llm(name, userPrompt, maxOutputTokens, quote, null);
        LlmSpec l = a.runtime().llm();
        return new SelectedAgent(a.id(), a.name(), a.displayName(), a.vertical(), a.capabilities(), a.description(),
                a.consumes(), a.produces(), a.pricing(), a.estimatedCost(),
                new AgentRuntimeSpec(AgentRuntimeSpec.LLM, null, null, null, null,
                        new LlmSpec(l.provider(), l.model(), l.systemPrompt(), l.userPrompt(), l.temperature(),
                                l.maxOutputTokens(), null, l.inputPricePer1k(), l.outputPricePer1k(), true)),
                a.typicalLatencyMs(), a.version(), a.confidence());
    }
}
