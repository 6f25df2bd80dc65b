package io.mindmesh.orchestrator.registry;

import java.math.BigDecimal;
import java.util.List;

/**
 * An agent's current definition as the registry publishes it, with its lifecycle {@code status}
 * ({@code active} or {@code deprecated}). A workflow names its agents, so they are not selected: as
 * a step they run with full confidence.
 */
public record CatalogAgent(String id, String name, String displayName, String vertical, List<String> capabilities,
        String description, List<String> consumes, List<String> produces, AgentPricing pricing,
        AgentRuntimeSpec runtime, Long typicalLatencyMs, String status, Integer version) {

    public static final String DEPRECATED = "deprecated";

    public boolean deprecated() {
        return DEPRECATED.equals(status);
    }

    /** The snapshot a step keeps: the price and runtime of now, whatever the catalog does later. */
    public SelectedAgent asStep() {
        return new SelectedAgent(id, name, displayName, vertical, capabilities, description, consumes, produces,
                pricing, null, runtime, typicalLatencyMs, version, BigDecimal.ONE);
    }
}
