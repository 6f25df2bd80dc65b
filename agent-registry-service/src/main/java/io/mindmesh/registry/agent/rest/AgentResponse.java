package io.mindmesh.registry.agent.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.money.Money;
import io.mindmesh.registry.agent.Agent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The {@code Agent} of docs/internal-api.md; amounts in their display form. {@link #of} is the
 * whole agent, for operators and the orchestrator; {@link #forConsumers} is what API consumers
 * see, where the runtime is only its type: an agent's address and the simulator's settings are
 * the platform's business.
 */
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
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String signingSecret) {

    public record Pricing(BigDecimal basePrice, BigDecimal variablePrice, String unit, int typicalUnits) {
    }

    /** The registration's answer: the one time the agent's signing secret is shown. */
    public AgentResponse withSigningSecret(String secret) {
        return new AgentResponse(id, name, displayName, vertical, capabilities, description, consumes, produces,
                pricing, estimatedCost, runtime, typicalLatencyMs, status, version, createdAt, secret);
    }

    public static AgentResponse forConsumers(Agent agent) {
        return of(agent, new Agent.Runtime(agent.runtime().type(), null, null, null, null));
    }

    public static AgentResponse of(Agent agent) {
        return of(agent, agent.runtime());
    }

    private static AgentResponse of(Agent agent, Agent.Runtime runtime) {
        Agent.Pricing pricing = agent.pricing();
        return new AgentResponse(agent.id(), agent.name(), agent.displayName(), agent.vertical(),
                agent.capabilities(), agent.description(), agent.consumes(), agent.produces(),
                new Pricing(Money.display(pricing.basePrice()), Money.display(pricing.variablePrice()),
                        pricing.unit(), pricing.typicalUnits()),
                Money.display(pricing.estimatedCost()), runtime, agent.typicalLatencyMs(),
                agent.status(), agent.version(), agent.createdAt(), null);
    }
}
