package io.mindmesh.orchestrator.execution.service;

import io.mindmesh.common.events.EventType;
import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Conclusion;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.StepEnd;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.Notifications;
import io.mindmesh.orchestrator.outbox.service.Outbox;
import io.mindmesh.orchestrator.runtime.AgentResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What a worker writes while it runs an execution: step starts and outcomes, the recorded outcome,
 * the terminal status. Each change is one transaction with its outbox event, and only for the
 * holder of a current claim ({@link ExecutionLeases#fenced}).
 */
@ApplicationScoped
public class ExecutionTransitions {

    private final ExecutionLeases leases;
    private final RunSnapshots snapshots;
    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final Outbox outbox;
    private final Notifications notifications;
    private final JsonCodec json;

    public ExecutionTransitions(ExecutionLeases leases, RunSnapshots snapshots, ExecutionRepository executions,
            StepRepository steps, Outbox outbox, Notifications notifications, JsonCodec json) {
        this.leases = leases;
        this.snapshots = snapshots;
        this.executions = executions;
        this.steps = steps;
        this.outbox = outbox;
        this.notifications = notifications;
        this.json = json;
    }

    /** The execution and its steps as the claim's holder may see them. */
    @Transactional
    public RunSnapshot snapshot(Claim claim) {
        return snapshots.of(leases.fenced(claim));
    }

    /**
     * Records the steps that ended since the run's last write, then marks the steps that start now
     * RUNNING for their first attempt, in one transaction: steps that end or start together (parallel
     * agents) do not queue one behind the other on the execution's row lock, and a step's end and the
     * start of the steps that waited for it (SEQUENTIAL, DAG) are one commit, in that order of events.
     */
    @Transactional
    public void advance(Claim claim, List<StepEnd> ended, List<String> starting) {
        Execution e = leases.fenced(claim);
        ended.forEach(end -> record(e, step(e, end.stepId()), end));
        starting.forEach(stepId -> markRunning(e, stepId, 1));
    }

    /** Marks the step RUNNING for this attempt; {@code agent.started} is written for the first attempt only. */
    @Transactional
    public void stepStarted(Claim claim, String stepId, int attempt) {
        markRunning(leases.fenced(claim), stepId, attempt);
    }

    private void markRunning(Execution e, String stepId, int attempt) {
        ExecutionStep s = step(e, stepId);
        if (markRunning(s, attempt)) {
            agentStarted(e, s);
        }
    }

    /** Marks the step RUNNING for this attempt; true on its first start, when its {@code agent.started} is due. */
    static boolean markRunning(ExecutionStep s, int attempt) {
        s.status = StepStatus.RUNNING;
        s.attempts = attempt;
        if (s.startedAt != null) {
            return false;
        }
        s.startedAt = Instant.now();
        return true;
    }

    /** The {@code agent.started} event of a step's first start. */
    void agentStarted(Execution e, ExecutionStep s) {
        appendStepEvent(e, s, EventType.AGENT_STARTED);
    }

    private void record(Execution e, ExecutionStep s, StepEnd end) {
        if (!end.succeeded()) {
            finishStep(s, StepStatus.FAILED);
            s.error = end.error();
            appendStepEvent(e, s, EventType.AGENT_FAILED);
            return;
        }
        AgentResult result = end.result();
        finishStep(s, StepStatus.COMPLETED);
        s.output = json.write(result.output());
        s.outputConfidence = result.confidence();
        s.units = Money.of(result.units());
        if (result.tokens() != null) {
            s.inputTokens = result.tokens().inputTokens();
            s.outputTokens = result.tokens().outputTokens();
        }
        s.cost = Money.of(end.cost());
        appendStepEvent(e, s, EventType.AGENT_COMPLETED);
    }

    /**
     * Ends the run before money moves ({@link Conclusion}); returns the completed steps' costs:
     * what is charged, plus the platform fee.
     */
    @Transactional
    public List<BigDecimal> conclude(Claim claim, Conclusion conclusion) {
        Execution e = leases.fenced(claim);
        List<ExecutionStep> all = steps.forExecution(e.id);
        recordEnded(e, all, conclusion.ended());
        conclude(e, all, conclusion);
        return completedCosts(all);
    }

    /**
     * Ends the run and records its terminal status in one transaction, for an execution that moves
     * no money (no hold): {@code actualCost} turns the completed steps' costs into what it would
     * have cost.
     */
    @Transactional
    public void concludeAndFinish(Claim claim, Conclusion conclusion, ExecutionStatus status,
            Function<List<BigDecimal>, BigDecimal> actualCost) {
        Execution e = leases.fenced(claim);
        List<ExecutionStep> all = steps.forExecution(e.id);
        recordEnded(e, all, conclusion.ended());
        conclude(e, all, conclusion);
        finish(e, all, status, actualCost.apply(completedCosts(all)));
    }

    /** The terminal transition, with the amount the wallet actually captured, and its final event. */
    @Transactional
    public void finish(Claim claim, ExecutionStatus status, BigDecimal actualCost) {
        Execution e = leases.fenced(claim);
        finish(e, steps.forExecution(e.id), status, actualCost);
    }

    private void recordEnded(Execution e, List<ExecutionStep> all, List<StepEnd> ended) {
        for (StepEnd end : ended) {
            ExecutionStep s = all.stream().filter(step -> step.stepId.equals(end.stepId())).findFirst().orElse(null);
            record(e, ofExecution(e, s, end.stepId()), end);
        }
    }

    private void conclude(Execution e, List<ExecutionStep> all, Conclusion c) {
        if (c.running() != null) {
            for (ExecutionStep s : all) {
                if (s.status == StepStatus.RUNNING) {
                    finishStep(s, c.running());
                    s.error = c.reason();
                    if (c.running() == StepStatus.FAILED) {
                        appendStepEvent(e, s, EventType.AGENT_FAILED);
                    }
                } else if (s.status == StepStatus.PENDING) {
                    s.status = c.waiting();
                    s.error = c.reason();
                }
            }
        }
        if (c.record()) {
            e.result = json.write(c.result());
            e.error = c.result() == null ? c.error() : null;
        }
    }

    private static List<BigDecimal> completedCosts(List<ExecutionStep> all) {
        return all.stream().filter(s -> s.status == StepStatus.COMPLETED).map(s -> s.cost).toList();
    }

    /**
     * The terminal status and its event. The slot it frees may let a queued execution of the same
     * account start: every replica is then told to claim.
     */
    private void finish(Execution e, List<ExecutionStep> all, ExecutionStatus status, BigDecimal actualCost) {
        e.status = status;
        e.actualCost = Money.of(actualCost);
        e.completedAt = Instant.now();
        e.leaseOwner = null;
        e.leaseExpiresAt = null;
        if (status == ExecutionStatus.CANCELLED && e.error == null) {
            e.error = "Execution was cancelled";
        }
        EventType type = switch (status) {
            case COMPLETED -> EventType.EXECUTION_COMPLETED;
            case CANCELLED -> EventType.EXECUTION_CANCELLED;
            default -> EventType.EXECUTION_FAILED;
        };
        outbox.append(e, type, EventData.execution(e, json.tree(e.result)), all);
        if (executions.countPending(e.accountId) > 0) {
            notifications.onCommit(Channel.EXECUTIONS, "");
        }
    }

    private void appendStepEvent(Execution e, ExecutionStep s, EventType type) {
        outbox.append(e, type, EventData.step(e, s, json.tree(s.output)), List.of(s));
    }

    private ExecutionStep step(Execution e, String stepId) {
        return ofExecution(e, steps.findById(stepId), stepId);
    }

    private static ExecutionStep ofExecution(Execution e, ExecutionStep s, String stepId) {
        if (s == null || !s.executionId.equals(e.id)) {
            throw new IllegalArgumentException("Step " + stepId + " is not part of " + e.id);
        }
        return s;
    }

    private static void finishStep(ExecutionStep s, StepStatus status) {
        Instant now = Instant.now();
        s.status = status;
        s.completedAt = now;
        s.durationMs = s.startedAt == null ? 0L : Duration.between(s.startedAt, now).toMillis();
    }
}
