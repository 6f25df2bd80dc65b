package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import java.util.List;

/**
 * Stands in for the remote agent registry (installed with {@code QuarkusMock}): every selection
 * returns the given agents, in the given order (the registry's "highest confidence first").
 */
public class StubRegistry extends RegistryClient {

    private final List<SelectedAgent> agents;

    public StubRegistry(List<SelectedAgent> agents) {
        super(null);
        this.agents = List.copyOf(agents);
    }

    @Override
    public Selection select(SelectionRequest request) {
        return new Selection(agents, List.of());
    }
}
