package io.mindmesh.orchestrator.registry;

import java.math.BigDecimal;

/** An agent's price list as the registry publishes it: {@code basePrice + variablePrice × units}. */
public record AgentPricing(BigDecimal basePrice, BigDecimal variablePrice, String unit, BigDecimal typicalUnits) {

    public AgentPricing {
        basePrice = basePrice == null ? BigDecimal.ZERO : basePrice;
        variablePrice = variablePrice == null ? BigDecimal.ZERO : variablePrice;
        typicalUnits = typicalUnits == null ? BigDecimal.ZERO : typicalUnits;
    }

    public static AgentPricing free() {
        return new AgentPricing(BigDecimal.ZERO, BigDecimal.ZERO, "call", BigDecimal.ZERO);
    }
}
