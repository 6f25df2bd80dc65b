package io.mindmesh.registry.agent.rest;

import io.mindmesh.common.money.Money;
import io.mindmesh.registry.agent.Agent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The {@code Agent} of the public API (docs/internal-api.md); amounts in their display form. */
public record AgentResponse(
        String id,
        String name,
        String displayName,
        String vertical,
        List<String> capabilities,
        String description,
        List<String> consumes,
        List<String> produces,
        Pricing pricing,
        BigDecimal estimatedCost,
        Agent.Runtime runtime,
        int typicalLatencyMs,
        String status,
        int version,
        Instant createdAt) {

    public record Pricing(BigDecimal basePrice, BigDecimal variablePrice, String unit, int typicalUnits) {
    }

    public static AgentResponse of(Agent agent) {
        Agent.Pricing pricing = agent.pricing();
        return new AgentResponse(agent.id(), agent.name(), agent.displayName(), agent.vertical(),
                agent.capabilities(), agent.description(), agent.consumes(), agent.produces(),
                new Pricing(Money.display(pricing.basePrice()), Money.display(pricing.variablePrice()),
                        pricing.unit(), pricing.typicalUnits()),
                Money.display(pricing.estimatedCost()), agent.runtime(), agent.typicalLatencyMs(),
                agent.status(), agent.version(), agent.createdAt());
    }
}
