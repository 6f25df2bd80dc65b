package io.mindmesh.orchestrator.engine;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.service.ExecutionTransitions;
import io.mindmesh.orchestrator.metrics.OrchestratorMetrics;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/**
 * Ends an execution: charges what its completed steps cost (plus the platform fee), releases the
 * rest of the hold, then records the terminal status with the amount the wallet captured. The
 * wallet calls come first and are idempotent by hold id, so a worker that dies in between leaves
 * an execution that the reaper settles again, without charging twice.
 */
@ApplicationScoped
public class Settlement {

    private final ExecutionTransitions transitions;
    private final WalletClient wallet;
    private final Tiers tiers;
    private final OrchestratorMetrics metrics;

    public Settlement(ExecutionTransitions transitions, WalletClient wallet, Tiers tiers, OrchestratorMetrics metrics) {
        this.transitions = transitions;
        this.wallet = wallet;
        this.tiers = tiers;
        this.metrics = metrics;
    }

    public void settle(Claim claim, RunSnapshot execution, ExecutionStatus outcome) {
        BigDecimal actual = Pricing.total(transitions.completedStepCosts(claim), tiers.of(execution.tier()));
        BigDecimal charged = execution.holdPlaced() ? charge(claim.executionId(), actual) : actual;
        transitions.finish(claim, outcome, charged);
        metrics.executionFinished(outcome, execution.mode());
    }

    /** Sandbox executions never reach this: they hold nothing and are charged nothing. */
    private BigDecimal charge(String holdId, BigDecimal actual) {
        Hold hold = actual.signum() == 0 ? wallet.release(holdId) : wallet.capture(holdId, actual);
        return hold.captured() == null ? Money.ZERO : hold.captured();
    }
}
