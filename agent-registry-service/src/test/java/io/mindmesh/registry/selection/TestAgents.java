package io.mindmesh.registry.selection;

import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentStatus;
import java.math.BigDecimal;
import java.util.List;

/** Small agents for the pure tests: only what selection looks at is meaningful. */
final class TestAgents {

    private TestAgents() {
    }

    static Agent agent(String id, String vertical, String description, String... capabilities) {
        return agent(id, vertical, description, AgentStatus.ACTIVE, List.of(capabilities));
    }

    static Agent deprecated(String id, String vertical, String... capabilities) {
        return agent(id, vertical, "", AgentStatus.DEPRECATED, List.of(capabilities));
    }

    private static Agent agent(String id, String vertical, String description, String status, List<String> capabilities) {
        return new Agent(id, id.replace("agent_", "").replace('_', '-'), id, vertical, capabilities,
                description, List.of(), List.of(),
                new Agent.Pricing(new BigDecimal("0.10"), BigDecimal.ZERO, "call", 1),
                new Agent.Runtime("simulated", null, null, 500, 0.0), 500, status, 1, null);
    }
}
