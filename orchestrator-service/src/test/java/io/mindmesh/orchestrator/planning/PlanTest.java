package io.mindmesh.orchestrator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.support.TestAgents;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void aPlanQuotesEachAgentThePlatformFeeAndTheDurationOfItsMode() {
        TierRules developer = new TierRules("developer", new BigDecimal("0.10"), new BigDecimal("0.01"), 5, 20);
        Plan plan = Plan.of(ExecutionMode.SEQUENTIAL, List.of(
                TestAgents.simulated("a", "0.9", 1000),
                TestAgents.simulated("b", "0.8", 3000)), developer);

        assertEquals(List.of(Money.of("0.20"), Money.of("0.20")), plan.agentEstimates());
        assertEquals(Money.of("0.44"), plan.estimatedCost());
        assertEquals(4000, plan.estimatedDurationMs());
    }
}
