package io.mindmesh.orchestrator.pricing;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.registry.AgentPricing;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * The public pricing formula (docs/public-api.md#pricing):
 * {@code total = Σ (basePrice + variablePrice × units) + platform fee}, where the fee is the tier's
 * rate of the agent costs, at least the tier's minimum when there is any agent cost. Exact
 * decimals, 6 places, half-even.
 */
public final class Pricing {

    private Pricing() {
    }

    /** What one agent costs for {@code units} of work. */
    public static BigDecimal agentCost(AgentPricing pricing, BigDecimal units) {
        return Money.of(pricing.basePrice().add(pricing.variablePrice().multiply(units)));
    }

    /** An agent's quote: its cost for its typical units. */
    public static BigDecimal agentEstimate(AgentPricing pricing) {
        return agentCost(pricing, pricing.typicalUnits());
    }

    /** A fee is never charged on nothing: with zero agent cost the fee is zero, whatever the minimum. */
    public static BigDecimal platformFee(BigDecimal agentCosts, TierRules tier) {
        if (agentCosts.signum() <= 0) {
            return Money.ZERO;
        }
        BigDecimal fee = Money.of(agentCosts.multiply(tier.platformFeeRate()));
        return fee.max(Money.of(tier.minimumFee()));
    }

    /** Agent costs plus the platform fee on them. */
    public static BigDecimal total(Collection<BigDecimal> agentCosts, TierRules tier) {
        BigDecimal sum = Money.of(agentCosts.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return Money.of(sum.add(platformFee(sum, tier)));
    }
}
