package io.mindmesh.orchestrator.wallet.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Releases holds whose execution was never stored. A submission holds the estimate in the wallet
 * before it inserts the execution (the hold id is the execution id); a replica that stops, or a
 * database that refuses, between the two leaves money held for work that does not exist, and no
 * settlement will ever come for it. Every {@code orchestrator.holds.orphan-check-interval}, the
 * unsettled holds older than {@code orchestrator.holds.orphan-age} are compared with the executions
 * table, and those without an execution are released. Releases are idempotent, so replicas doing
 * this at the same time are harmless.
 */
@ApplicationScoped
public class OrphanHolds {

    private static final Logger LOG = Logger.getLogger(OrphanHolds.class);
    /**
     * The wallet's largest page. Holds of executions still queued or running after the orphan age
     * share it with the orphans; a pass that finds the page full of those is logged.
     */
    static final int PAGE = 500;

    private final WalletClient wallet;
    private final ExecutionRepository executions;
    private final PeriodicJobs jobs;
    private final OrchestratorConfig.Holds config;
    private final Counter released;

    public OrphanHolds(WalletClient wallet, ExecutionRepository executions, PeriodicJobs jobs,
            OrchestratorConfig config, MeterRegistry registry) {
        this.wallet = wallet;
        this.executions = executions;
        this.jobs = jobs;
        this.config = config.holds();
        this.released = Counter.builder("mindmesh.holds.orphans.released")
                .description("Wallet holds released because their execution was never stored")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        jobs.every("orphan-holds", config.orphanCheckInterval(), this::releaseOrphans);
    }

    /** One pass: the oldest page of old unsettled holds, those without an execution released. */
    public int releaseOrphans() {
        List<Hold> old = wallet.held(Instant.now().minus(config.orphanAge()), PAGE);
        if (old.isEmpty()) {
            return 0;
        }
        Set<String> stored = QuarkusTransaction.requiringNew()
                .call(() -> executions.existing(old.stream().map(Hold::holdId).toList()));
        if (old.size() == PAGE && stored.size() == PAGE) {
            LOG.warnf("%d holds older than %s all belong to stored executions: orphans behind them wait", PAGE,
                    config.orphanAge());
        }
        int count = 0;
        for (Hold hold : old) {
            if (!stored.contains(hold.holdId())) {
                wallet.release(hold.holdId());
                released.increment();
                count++;
                LOG.warnf("Released hold %s of account %s (%s): its execution was never stored", hold.holdId(),
                        hold.accountId(), hold.amount().toPlainString());
            }
        }
        return count;
    }
}
