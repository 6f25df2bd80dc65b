package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.AgentRuntimeSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.util.List;

/** Catalog entries as the registry would return them, for tests that plan and run without a registry. */
public final class TestAgents {

    private TestAgents() {
    }

    /** A simulated agent costing {@code basePrice + 0.001 × 100 units}, with the given latency and confidence. */
    public static SelectedAgent simulated(String name, String confidence, long latencyMs) {
        return agent(name, "marketing", List.of(), List.of(), latencyMs, 0.0, confidence);
    }

    public static SelectedAgent failing(String name, String confidence) {
        return agent(name, "marketing", List.of(), List.of(), 10, 1.0, confidence);
    }

    public static SelectedAgent wired(String name, List<String> consumes, List<String> produces, long latencyMs) {
        return agent(name, "supply-chain", consumes, produces, latencyMs, 0.0, "0.9");
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
}
