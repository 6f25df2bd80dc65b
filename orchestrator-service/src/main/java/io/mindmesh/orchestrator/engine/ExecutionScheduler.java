package io.mindmesh.orchestrator.engine;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.service.ExecutionLeases;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The worker side of this replica. Three jobs share the work with every other replica through
 * PostgreSQL only:
 * <ul>
 * <li>claim: takes PENDING executions ({@code FOR UPDATE SKIP LOCKED}, per-account concurrency
 * limits) and runs each on its own virtual thread;</li>
 * <li>heartbeat: renews the leases of the executions running here, notices a lost lease or a
 * cancellation requested through another replica;</li>
 * <li>reaper: takes over executions whose lease expired: re-queues those that never started a
 * step, finishes the others without re-running anything.</li>
 * </ul>
 */
@ApplicationScoped
public class ExecutionScheduler {

    private static final Logger LOG = Logger.getLogger(ExecutionScheduler.class);

    private final ExecutionLeases leases;
    private final ExecutionRunner runner;
    private final OrchestratorConfig.SchedulerSettings config;
    private final PeriodicJobs jobs;
    private final String workerId = workerName();
    private final Map<String, RunHandle> running = new ConcurrentHashMap<>();
    private final ExecutorService executionThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("execution-", 0).factory());

    public ExecutionScheduler(ExecutionLeases leases, ExecutionRunner runner, OrchestratorConfig config,
            PeriodicJobs jobs) {
        this.leases = leases;
        this.runner = runner;
        this.config = config.scheduler();
        this.jobs = jobs;
    }

    void start(@Observes StartupEvent event) {
        jobs.every("execution-claim", config.claimInterval(), this::claim);
        jobs.every("execution-heartbeat", config.heartbeatInterval(), this::heartbeat);
        jobs.every("execution-reaper", config.reaperInterval(), this::reap);
    }

    void claim() {
        int free = config.maxRunning() - running.size();
        if (free <= 0) {
            return;
        }
        for (Claim claim : leases.claim(workerId, Math.min(free, config.claimBatch()), config.leaseDuration())) {
            launch(new RunHandle(claim), runner::run);
        }
    }

    void heartbeat() {
        for (RunHandle handle : running.values()) {
            Optional<ExecutionStatus> status = leases.heartbeat(handle.claim(), config.leaseDuration());
            if (status.isEmpty()) {
                // Also seen for an execution that finished between the snapshot of running ones and this renewal.
                LOG.debugf("No longer holding the lease on %s", handle.claim().executionId());
                handle.loseLease();
            } else if (status.get() == ExecutionStatus.CANCELLING) {
                handle.requestCancel();
            }
        }
    }

    void reap() {
        for (Claim claim : leases.takeOverExpired(workerId, config.leaseDuration(), config.claimBatch())) {
            LOG.infof("Taking over %s after its lease expired", claim.executionId());
            launch(new RunHandle(claim), runner::finishAbandoned);
        }
    }

    /**
     * Cancels an execution of {@code accountId}: a queued one is finished here at once, a running
     * one is stopped by its worker (at once when it runs on this replica, else at its next heartbeat).
     */
    public void cancel(String accountId, String executionId) {
        Optional<Claim> queued = leases.requestCancel(accountId, executionId, workerId, config.leaseDuration());
        if (queued.isPresent()) {
            launch(new RunHandle(queued.get()), runner::finishAbandoned);
        } else {
            RunHandle local = running.get(executionId);
            if (local != null) {
                local.requestCancel();
            }
        }
    }

    private void launch(RunHandle handle, Consumer<RunHandle> work) {
        String id = handle.claim().executionId();
        running.put(id, handle);
        executionThreads.submit(() -> {
            try {
                work.accept(handle);
            } catch (LeaseLostException e) {
                LOG.infof("Stopped working on %s: %s", id, e.getMessage());
            } catch (RuntimeException e) {
                // The lease is left to expire: the reaper (here or in another replica) finishes the execution.
                LOG.errorf(e, "Execution %s could not be finished here; the reaper will settle it", id);
            } finally {
                running.remove(id, handle);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        // Executions still running here keep their lease until it expires; another replica's reaper finishes them.
        executionThreads.shutdownNow();
    }

    private static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
