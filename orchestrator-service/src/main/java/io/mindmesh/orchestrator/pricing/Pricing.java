package io.mindmesh.orchestrator.pricing;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.LlmSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.AgentResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The public pricing formula (docs/public-api.md#pricing):
 * {@code total = Σ (basePrice + variablePrice × units) + platform fee}, where the fee is the tier's
 * rate of the agent costs, at least the tier's minimum when there is any agent cost. Exact
 * decimals, 6 places, half-even.
 */
public final class Pricing {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Pricing() {
    }

    /** What one agent costs for {@code units} of work. */
    public static BigDecimal agentCost(AgentPricing pricing, BigDecimal units) {
        return Money.of(pricing.basePrice().add(pricing.variablePrice().multiply(units)));
    }

    /**
     * What a completed step costs. A model's step is priced by its tokens (basePrice + input tokens
     * × inputPricePer1k / 1000 + output tokens × outputPricePer1k / 1000) and never costs more than
     * its quote, its share of the hold: an endpoint that reports more tokens than it was allowed
     * is charged the quote. Other steps cost basePrice + variablePrice × units.
     */
    public static BigDecimal stepCost(SelectedAgent agent, AgentResult result) {
        if (result.tokens() == null || !agent.runtime().runsModel()) {
            return agentCost(agent.pricing(), result.units());
        }
        LlmSpec llm = agent.runtime().llm();
        BigDecimal tokens = perThousand(llm.inputPricePer1k(), result.tokens().inputTokens())
                .add(perThousand(llm.outputPricePer1k(), result.tokens().outputTokens()));
        return Money.of(agent.pricing().basePrice().add(tokens)).min(agentEstimate(agent.pricing()));
    }

    /**
     * How many output tokens a model's step may ask for: its {@code maxOutputTokens}, fewer when
     * its quote minus the base price and the prompt's cost ({@code inputTokens}, estimated before the
     * call) leaves less; 0 when the prompt alone would exceed the quote.
     */
    public static long affordableOutputTokens(SelectedAgent agent, long inputTokens) {
        LlmSpec llm = agent.runtime().llm();
        long limit = llm.maxOutputTokens() == null ? Long.MAX_VALUE : llm.maxOutputTokens();
        BigDecimal left = agentEstimate(agent.pricing()).subtract(agent.pricing().basePrice())
                .subtract(perThousand(llm.inputPricePer1k(), inputTokens));
        if (left.signum() < 0) {
            return 0;
        }
        if (llm.outputPricePer1k().signum() == 0) {
            return limit;
        }
        BigDecimal affordable = left.multiply(THOUSAND).divide(llm.outputPricePer1k(), 0, RoundingMode.FLOOR);
        return affordable.compareTo(BigDecimal.valueOf(limit)) >= 0 ? limit : affordable.longValueExact();
    }

    private static BigDecimal perThousand(BigDecimal pricePer1k, long tokens) {
        return pricePer1k.multiply(BigDecimal.valueOf(tokens)).divide(THOUSAND);
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
