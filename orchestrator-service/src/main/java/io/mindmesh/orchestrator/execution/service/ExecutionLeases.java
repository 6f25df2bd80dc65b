package io.mindmesh.orchestrator.execution.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.ClaimedRun;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may work on an execution: claims of queued executions, lease renewal, takeover of expired
 * leases, cancel requests, and the fencing check every worker write goes through ({@link #fenced}).
 */
@ApplicationScoped
public class ExecutionLeases {

    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final RunSnapshots snapshots;
    private final Notifications notifications;

    public ExecutionLeases(ExecutionRepository executions, StepRepository steps, RunSnapshots snapshots,
            Notifications notifications) {
        this.executions = executions;
        this.steps = steps;
        this.snapshots = snapshots;
        this.notifications = notifications;
    }

    /**
     * Claims up to {@code max} PENDING executions for {@code worker}, oldest first, never exceeding
     * an account's concurrency limit, and reads each as its runner needs it (one transaction for
     * both). The work is set-based, a handful of statements whatever the batch: under load a claim
     * with a few statements per execution took long enough to be most of the wait in the queue.
     * The accounts are locked in one statement, in a fixed order, so that two replicas claiming at
     * once cannot deadlock.
     */
    @Transactional
    public List<ClaimedRun> claim(String worker, int max, Duration lease) {
        List<String> ids = executions.lockClaimable(max);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Execution> candidates = executions.list("id in ?1", ids).stream()
                .sorted(Comparator.comparing((Execution e) -> e.accountId).thenComparing(e -> e.createdAt))
                .toList();
        List<String> accounts = candidates.stream().map(e -> e.accountId).distinct().toList();
        executions.lockAccounts(accounts);
        Map<String, Long> active = new HashMap<>(executions.countActive(accounts));
        List<Execution> claimed = new ArrayList<>();
        Instant now = Instant.now();
        for (Execution e : candidates) {
            long running = active.getOrDefault(e.accountId, 0L);
            if (running >= e.concurrencyLimit) {
                continue;
            }
            active.put(e.accountId, running + 1);
            markClaimed(e, worker, now.plus(lease), now);
            claimed.add(e);
        }
        Map<String, List<ExecutionStep>> stepsOf = steps.forExecutions(claimed.stream().map(e -> e.id).toList())
                .stream().collect(Collectors.groupingBy(s -> s.executionId));
        return claimed.stream().map(e -> new ClaimedRun(new Claim(e.id, e.fencingToken),
                snapshots.of(e, stepsOf.getOrDefault(e.id, List.of())))).toList();
    }

    /**
     * Claims an execution being admitted, before it is stored (so that it is written once, already
     * RUNNING), for {@code worker}, when its account is under its concurrency limit; the caller
     * holds the account's lock and has checked that nothing of the account waits before it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Claim> claimAdmitted(Execution e, String worker, Duration lease) {
        long running = executions.countActive(List.of(e.accountId)).getOrDefault(e.accountId, 0L);
        if (running >= e.concurrencyLimit) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        markClaimed(e, worker, now.plus(lease), now);
        return Optional.of(new Claim(e.id, e.fencingToken));
    }

    private static void markClaimed(Execution e, String worker, Instant leaseExpiresAt, Instant now) {
        e.status = ExecutionStatus.RUNNING;
        e.fencingToken++;
        e.leaseOwner = worker;
        e.leaseExpiresAt = leaseExpiresAt;
        if (e.startedAt == null) {
            e.startedAt = now;
        }
    }

    /**
     * Extends the leases {@code worker} holds, in one statement however many there are. The result
     * has the status of each execution still held under its claim's token (so that the worker sees a
     * cancellation requested through any replica); one missing was lost (another worker took over,
     * or it finished).
     */
    @Transactional
    public Map<String, ExecutionStatus> heartbeat(String worker, Collection<Claim> held, Duration lease) {
        Map<String, Long> tokens = new HashMap<>();
        held.forEach(c -> tokens.put(c.executionId(), c.token()));
        Map<String, ExecutionStatus> stillHeld = new HashMap<>();
        for (ExecutionRepository.Renewed renewed : executions.renewLeases(List.copyOf(tokens.keySet()), worker,
                Instant.now().plus(lease))) {
            if (tokens.get(renewed.id()) == renewed.token()) {
                stillHeld.put(renewed.id(), renewed.status());
            }
        }
        return stillHeld;
    }

    /**
     * Takes over executions whose lease expired. One that never started a step goes back to the
     * queue (and every replica is told to claim); the others are claimed by {@code worker} (new
     * token) to be finished by the caller.
     */
    @Transactional
    public List<Claim> takeOverExpired(String worker, Duration lease, int max) {
        Instant now = Instant.now();
        List<Claim> takenOver = new ArrayList<>();
        for (String id : executions.lockExpired(now, max)) {
            Execution e = executions.findById(id);
            e.fencingToken++;
            boolean untouched = steps.forExecution(id).stream().allMatch(s -> s.status == StepStatus.PENDING);
            if (e.status == ExecutionStatus.RUNNING && untouched && e.result == null && e.error == null) {
                e.status = ExecutionStatus.PENDING;
                e.leaseOwner = null;
                e.leaseExpiresAt = null;
                notifications.onCommit(Channel.EXECUTIONS, "");
            } else {
                e.leaseOwner = worker;
                e.leaseExpiresAt = now.plus(lease);
                takenOver.add(new Claim(id, e.fencingToken));
            }
        }
        return takenOver;
    }

    /**
     * Asks the execution to stop. A PENDING one is claimed right away by {@code worker} for the
     * caller to cancel (the returned claim); a RUNNING one becomes CANCELLING and its worker stops
     * it; cancelling again changes nothing. 404 for an execution the caller may not see, 409 once finished
     * otherwise.
     */
    @Transactional
    public Optional<Claim> requestCancel(Caller caller, String executionId, String worker, Duration lease) {
        Execution e = executions.lockOwned(executionId, caller);
        switch (e.status) {
            case PENDING -> {
                e.status = ExecutionStatus.CANCELLING;
                e.fencingToken++;
                e.leaseOwner = worker;
                e.leaseExpiresAt = Instant.now().plus(lease);
                return Optional.of(new Claim(e.id, e.fencingToken));
            }
            case RUNNING -> e.status = ExecutionStatus.CANCELLING;
            case CANCELLING, CANCELLED -> {
                // Already stopping or stopped: cancelling twice is harmless.
            }
            default -> throw new ApiException(409, ErrorCode.CONFLICT,
                    "Execution " + executionId + " has already finished with status " + e.status);
        }
        return Optional.empty();
    }

    /**
     * The execution, locked for the rest of the caller's transaction, when the claim still carries
     * its current fencing token and it is still active; otherwise the worker lost it and may write
     * nothing more ({@link LeaseLostException}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Execution fenced(Claim claim) {
        return executions.lock(claim.executionId())
                .filter(e -> e.fencingToken == claim.token() && e.status.active())
                .orElseThrow(() -> new LeaseLostException(claim.executionId()));
    }
}
