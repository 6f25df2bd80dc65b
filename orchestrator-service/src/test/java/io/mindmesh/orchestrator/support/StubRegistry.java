package io.mindmesh.orchestrator.support;

import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the remote agent registry (installed with {@code QuarkusMock}): every selection
 * returns the given agents, in the given order (the registry's "highest confidence first").
 */
public class StubRegistry extends RegistryClient {

    private final List<SelectedAgent> agents;
    private final AtomicInteger selections = new AtomicInteger();

    public StubRegistry(List<SelectedAgent> agents) {
        super(null);
        this.agents = List.copyOf(agents);
    }

    @Override
    public Selection select(SelectionRequest request) {
        selections.incrementAndGet();
        return new Selection(agents, List.of());
    }

    /** Selections asked for: each is one HTTP call to the real registry. */
    public int selections() {
        return selections.get();
    }

    /** Every test agent verifies calls with {@link AgentSignatures#SECRET}. */
    @Override
    public String signingSecret(String agentId) {
        return AgentSignatures.SECRET;
    }
}
