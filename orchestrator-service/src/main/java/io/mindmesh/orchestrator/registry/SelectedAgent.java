package io.mindmesh.orchestrator.registry;

import java.math.BigDecimal;
import java.util.List;

/**
 * An agent of the registry's catalog as a selection returns it: the catalog entry plus the
 * {@code confidence} of the match. The orchestrator keeps this snapshot with each step, so an
 * execution runs with the price and runtime that were quoted even if the catalog changes.
 */
public record SelectedAgent(
        String id,
        String name,
        String displayName,
        String vertical,
        List<String> capabilities,
        String description,
        List<String> consumes,
        List<String> produces,
        AgentPricing pricing,
        BigDecimal estimatedCost,
        AgentRuntimeSpec runtime,
        Long typicalLatencyMs,
        Integer version,
        BigDecimal confidence) {

    public SelectedAgent {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        consumes = consumes == null ? List.of() : List.copyOf(consumes);
        produces = produces == null ? List.of() : List.copyOf(produces);
        pricing = pricing == null ? AgentPricing.free() : pricing;
        runtime = runtime == null ? new AgentRuntimeSpec(AgentRuntimeSpec.SIMULATED, null, null, null, null) : runtime;
        typicalLatencyMs = typicalLatencyMs == null ? 0L : typicalLatencyMs;
        confidence = confidence == null ? BigDecimal.ZERO : confidence;
    }

    /** What the agent usually takes: its runtime's latency when declared, otherwise the catalog's typical latency. */
    public long latencyMs() {
        return runtime.latencyMs() != null ? runtime.latencyMs() : typicalLatencyMs;
    }
}
