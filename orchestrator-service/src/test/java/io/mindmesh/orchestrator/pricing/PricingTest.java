package io.mindmesh.orchestrator.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.registry.AgentPricing;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingTest {

    private static final TierRules DEVELOPER = new TierRules("developer", new BigDecimal("0.10"), new BigDecimal("0.01"), 5, 20);
    private static final TierRules BUSINESS = new TierRules("business", new BigDecimal("0.05"), BigDecimal.ZERO, 25, 100);
    private static final TierRules ENTERPRISE = new TierRules("enterprise", BigDecimal.ZERO, BigDecimal.ZERO, 100, 500);

    @Test
    void theSeedsExampleCostsEightyEightCents() {
        BigDecimal total = Pricing.total(List.of(new BigDecimal("0.50"), new BigDecimal("0.30")), DEVELOPER);
        assertEquals(Money.of("0.88"), total);
        assertEquals(new BigDecimal("0.88"), Money.display(total));
    }

    @Test
    void theDeveloperFeeIsAtLeastOneCent() {
        assertEquals(Money.of("0.01"), Pricing.platformFee(new BigDecimal("0.05"), DEVELOPER));
        assertEquals(Money.of("0.06"), Pricing.total(List.of(new BigDecimal("0.05")), DEVELOPER));
    }

    @Test
    void noFeeIsChargedOnNothing() {
        assertEquals(Money.ZERO, Pricing.total(List.of(), DEVELOPER));
        assertEquals(Money.ZERO, Pricing.total(List.of(BigDecimal.ZERO), DEVELOPER));
    }

    @Test
    void businessPaysFivePercentAndEnterpriseItsConfiguredRate() {
        assertEquals(Money.of("1.05"), Pricing.total(List.of(new BigDecimal("1.00")), BUSINESS));
        assertEquals(Money.of("1.00"), Pricing.total(List.of(new BigDecimal("1.00")), ENTERPRISE));
    }

    @Test
    void feesAreExactToTheMicroDollarWithBankersRounding() {
        // 5% of 0.000050 is 0.0000025 and of 0.000070 is 0.0000035: half-even rounds both to the even neighbour.
        assertEquals(Money.of("0.000002"), Pricing.platformFee(new BigDecimal("0.000050"), BUSINESS));
        assertEquals(Money.of("0.000004"), Pricing.platformFee(new BigDecimal("0.000070"), BUSINESS));
    }

    @Test
    void anAgentCostsItsBasePricePlusItsVariablePricePerUnit() {
        AgentPricing pricing = new AgentPricing(new BigDecimal("0.10"), new BigDecimal("0.0004"), "tokens",
                new BigDecimal("1000"));
        assertEquals(Money.of("0.50"), Pricing.agentEstimate(pricing));
        assertEquals(Money.of("0.42"), Pricing.agentCost(pricing, new BigDecimal("800")));
    }
}
