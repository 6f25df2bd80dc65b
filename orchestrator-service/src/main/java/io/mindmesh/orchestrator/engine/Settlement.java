package io.mindmesh.orchestrator.engine;

import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Conclusion;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.service.ExecutionTransitions;
import io.mindmesh.orchestrator.metrics.OrchestratorMetrics;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Ends an execution: closes its unfinished steps and records its outcome, charges what its
 * completed steps cost (plus the platform fee), releases the rest of the hold, then records the
 * terminal status with the amount the wallet captured. The outcome is written before the wallet
 * calls, and those are idempotent by hold id, so a worker that dies in between leaves an execution
 * that the reaper settles again, without charging twice. An execution without a hold (sandbox)
 * moves no money: its outcome and terminal status are one transaction.
 *
 * <p>Settlement always ends. The charge never exceeds the estimate the wallet holds (agents report
 * their own usage, and an absurd figure must not make every capture fail validation), and a capture
 * the wallet refuses for good (a 4xx: the hold was released or is unknown) ends in a release. Only
 * an unreachable wallet leaves the execution to the reaper, which settles it once the wallet is back.
 */
@ApplicationScoped
public class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

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

    public void settle(Claim claim, RunSnapshot execution, Conclusion conclusion, ExecutionStatus outcome) {
        TierRules tier = tiers.of(execution.tier());
        Function<List<BigDecimal>, BigDecimal> cost = costs -> capped(execution, Pricing.total(costs, tier));
        if (execution.holdPlaced()) {
            BigDecimal actual = cost.apply(transitions.conclude(claim, conclusion));
            transitions.finish(claim, outcome, charge(claim.executionId(), actual));
        } else {
            transitions.concludeAndFinish(claim, conclusion, outcome, cost);
        }
        metrics.executionFinished(outcome, execution.mode());
    }

    private BigDecimal capped(RunSnapshot execution, BigDecimal actual) {
        if (actual.compareTo(execution.estimatedCost()) <= 0) {
            return actual;
        }
        LOG.warnf("Execution %s cost %s by its agents' reports, more than its estimate %s: charged the estimate",
                execution.executionId(), actual.toPlainString(), execution.estimatedCost().toPlainString());
        metrics.settlementAdjusted("capped");
        return execution.estimatedCost();
    }

    /** Sandbox executions never reach this: they hold nothing and are charged nothing. */
    private BigDecimal charge(String holdId, BigDecimal actual) {
        Hold hold;
        try {
            hold = actual.signum() == 0 ? wallet.release(holdId) : wallet.capture(holdId, actual);
        } catch (WebApplicationException e) {
            if (e.getResponse() == null || e.getResponse().getStatus() < 400 || e.getResponse().getStatus() >= 500) {
                throw e;
            }
            hold = releaseAfterRefusal(holdId, e.getResponse().getStatus());
        }
        return hold == null || hold.captured() == null ? Money.ZERO : hold.captured();
    }

    /** The wallet will never take this capture: release what is held; an unknown hold has nothing to release. */
    private Hold releaseAfterRefusal(String holdId, int status) {
        LOG.errorf("The wallet refused to settle hold %s (%d): releasing it and charging nothing", holdId, status);
        metrics.settlementAdjusted("refused");
        try {
            return wallet.release(holdId);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return null;
            }
            throw e;
        }
    }
}
