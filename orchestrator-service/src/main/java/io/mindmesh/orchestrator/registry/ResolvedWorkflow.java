package io.mindmesh.orchestrator.registry;

import java.util.List;

/** A workflow with the current definition of every agent its steps name. */
public record ResolvedWorkflow(CatalogWorkflow workflow, List<CatalogAgent> agents) {

    public ResolvedWorkflow {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
