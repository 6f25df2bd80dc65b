package io.mindmesh.orchestrator.engine;

import io.mindmesh.common.events.EventType;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.ClaimedRun;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.LocalRunner;
import io.mindmesh.orchestrator.execution.service.ExecutionLeases;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.jobs.Wakeup;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.NotificationListener;
import io.mindmesh.orchestrator.outbox.EventAppended;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The worker side of this replica. A submission admitted here with nothing of its account queued
 * before it is claimed in its admission transaction when a slot is free, its first steps started
 * there too, and its agents are called at its commit ({@link LocalRunner}; a few concurrent
 * admissions may take this replica slightly past {@code max-running}). Three jobs share the rest
 * of the work with every other replica through PostgreSQL only:
 * <ul>
 * <li>claim: takes PENDING executions ({@code FOR UPDATE SKIP LOCKED}, oldest first, per-account
 * concurrency limits) and runs each on its own virtual thread, up to {@code max-running} here. It
 * runs as soon as a submission left queued here commits, when any replica notifies the
 * {@link Channel#EXECUTIONS} channel (a submission, a re-queued execution, a slot freed for an
 * account with queued executions), and every {@code claim-interval} as a safety net;</li>
 * <li>heartbeat: renews the leases of the executions running here (one statement), notices a lost
 * lease or a cancellation requested through another replica. It has a thread of its own, so it
 * never waits behind another job and a healthy execution is never taken over;</li>
 * <li>reaper: takes over executions whose lease expired: re-queues those that never started a
 * step (claimed from the queue), finishes the others without re-running anything.</li>
 * </ul>
 */
@ApplicationScoped
public class ExecutionScheduler implements LocalRunner {

    private static final Logger LOG = Logger.getLogger(ExecutionScheduler.class);

    private final ExecutionLeases leases;
    private final ExecutionRunner runner;
    private final OrchestratorConfig.SchedulerSettings config;
    private final PeriodicJobs jobs;
    private final NotificationListener notifications;
    private final Wakeup claimWakeup = new Wakeup();
    private final String workerId = workerName();
    private final Map<String, RunHandle> running = new ConcurrentHashMap<>();
    private final ExecutorService executionThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("execution-", 0).factory());

    public ExecutionScheduler(ExecutionLeases leases, ExecutionRunner runner, OrchestratorConfig config,
            PeriodicJobs jobs, NotificationListener notifications) {
        this.leases = leases;
        this.runner = runner;
        this.config = config.scheduler();
        this.jobs = jobs;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        notifications.subscribe(Channel.EXECUTIONS, payload -> claimWakeup.signal());
        jobs.loop("execution-claim", config.claimInterval(), claimWakeup, this::claim);
        jobs.loop("execution-heartbeat", config.heartbeatInterval(), this::heartbeat);
        jobs.every("execution-reaper", config.reaperInterval(), this::reap);
    }

    /** Runs an execution claimed in the transaction that admitted it, right after its commit. */
    void claimedAtAdmission(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClaimedRun run) {
        launch(new RunHandle(run.claim()), handle -> runner.run(handle, run.snapshot()));
    }

    /** A submission left queued here (no slot then) is claimed as soon as one is free, from its commit on. */
    void submitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended appended) {
        if (appended.event().eventType() == EventType.EXECUTION_STARTED
                && appended.execution().status == ExecutionStatus.PENDING) {
            claimWakeup.signal();
        }
    }

    @Override
    public Optional<String> freeSlot() {
        return running.size() < config.maxRunning() ? Optional.of(workerId) : Optional.empty();
    }

    @Override
    public Duration leaseDuration() {
        return config.leaseDuration();
    }

    /** Claims batch after batch while they come full and slots are free. */
    void claim() {
        while (true) {
            int free = config.maxRunning() - running.size();
            if (free <= 0) {
                return;
            }
            int batch = Math.min(free, config.claimBatch());
            List<ClaimedRun> claimed = leases.claim(workerId, batch, config.leaseDuration());
            for (ClaimedRun run : claimed) {
                launch(new RunHandle(run.claim()), handle -> runner.run(handle, run.snapshot()));
            }
            if (claimed.size() < batch) {
                return;
            }
        }
    }

    void heartbeat() {
        List<RunHandle> handles = List.copyOf(running.values());
        if (handles.isEmpty()) {
            return;
        }
        Map<String, ExecutionStatus> held = leases.heartbeat(workerId,
                handles.stream().map(RunHandle::claim).toList(), config.leaseDuration());
        for (RunHandle handle : handles) {
            ExecutionStatus status = held.get(handle.claim().executionId());
            if (status == null) {
                // Also seen for an execution that finished between the snapshot of running ones and this renewal.
                LOG.debugf("No longer holding the lease on %s", handle.claim().executionId());
                handle.loseLease();
            } else if (status == ExecutionStatus.CANCELLING) {
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
     * Cancels an execution {@code caller} may see: a queued one is finished here at once, a running
     * one is stopped by its worker (at once when it runs on this replica, else at its next heartbeat).
     */
    public void cancel(Caller caller, String executionId) {
        Optional<Claim> queued = leases.requestCancel(caller, executionId, workerId, config.leaseDuration());
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
                if (running.size() == config.maxRunning() - 1) {
                    // This replica was full: queued executions may have waited for this slot.
                    claimWakeup.signal();
                }
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        // Executions still running here keep their lease until it expires; another replica's reaper
        // finishes them. Their threads are interrupted and given a moment to end before the
        // datasource closes under them.
        executionThreads.shutdownNow();
        try {
            executionThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
