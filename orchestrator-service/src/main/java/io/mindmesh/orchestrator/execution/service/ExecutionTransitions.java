package io.mindmesh.orchestrator.execution.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.outbox.service.Outbox;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.AgentResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a worker writes while it runs an execution: step starts and outcomes, the recorded outcome,
 * the terminal status. Each change is one transaction with its outbox event, and only for the
 * holder of a current claim ({@link ExecutionLeases#fenced}).
 */
@ApplicationScoped
public class ExecutionTransitions {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ExecutionLeases leases;
    private final StepRepository steps;
    private final Outbox outbox;
    private final JsonCodec json;

    public ExecutionTransitions(ExecutionLeases leases, StepRepository steps, Outbox outbox, JsonCodec json) {
        this.leases = leases;
        this.steps = steps;
        this.outbox = outbox;
        this.json = json;
    }

    /** The execution and its steps as the claim's holder may see them. */
    @Transactional
    public RunSnapshot snapshot(Claim claim) {
        Execution e = leases.fenced(claim);
        List<RunSnapshot.Step> stepSnapshots = steps.forExecution(e.id).stream()
                .map(s -> new RunSnapshot.Step(s.stepId, s.position, json.read(s.agent, SelectedAgent.class),
                        json.read(s.dependsOn, STRINGS), s.status, s.attempts, json.tree(s.output),
                        s.outputConfidence, s.cost, s.instructions))
                .toList();
        return new RunSnapshot(e.id, e.requestId, e.sandbox(), e.status, e.mode, e.aggregationStrategy, e.query,
                e.context == null ? null : json.tree(e.context), e.tier, e.holdPlaced,
                e.result != null || e.error != null, e.result != null, e.error, e.createdAt, stepSnapshots);
    }

    /**
     * Marks steps that start together RUNNING for their first attempt, in one transaction: parallel
     * steps then do not queue one behind the other on the execution's row lock before their agents
     * are called.
     */
    @Transactional
    public void stepsStarted(Claim claim, List<String> stepIds) {
        Execution e = leases.fenced(claim);
        stepIds.forEach(stepId -> markRunning(e, stepId, 1));
    }

    /** Marks the step RUNNING for this attempt; {@code agent.started} is written for the first attempt only. */
    @Transactional
    public void stepStarted(Claim claim, String stepId, int attempt) {
        markRunning(leases.fenced(claim), stepId, attempt);
    }

    private void markRunning(Execution e, String stepId, int attempt) {
        ExecutionStep s = step(e, stepId);
        s.status = StepStatus.RUNNING;
        s.attempts = attempt;
        if (s.startedAt == null) {
            s.startedAt = Instant.now();
            appendStepEvent(e, s, EventType.AGENT_STARTED);
        }
    }

    @Transactional
    public void stepCompleted(Claim claim, String stepId, AgentResult result, BigDecimal cost) {
        Execution e = leases.fenced(claim);
        ExecutionStep s = step(e, stepId);
        finishStep(s, StepStatus.COMPLETED);
        s.output = json.write(result.output());
        s.outputConfidence = result.confidence();
        s.units = Money.of(result.units());
        s.cost = Money.of(cost);
        appendStepEvent(e, s, EventType.AGENT_COMPLETED);
    }

    @Transactional
    public void stepFailed(Claim claim, String stepId, String error) {
        Execution e = leases.fenced(claim);
        ExecutionStep s = step(e, stepId);
        finishStep(s, StepStatus.FAILED);
        s.error = error;
        appendStepEvent(e, s, EventType.AGENT_FAILED);
    }

    /**
     * Closes every step that has not finished: running ones become {@code running}, waiting ones
     * {@code waiting}, each with the reason. Used when the execution stops early (failure, cancel,
     * a dead worker).
     */
    @Transactional
    public void closeUnfinishedSteps(Claim claim, StepStatus running, StepStatus waiting, String reason) {
        Execution e = leases.fenced(claim);
        for (ExecutionStep s : steps.forExecution(e.id)) {
            if (s.status == StepStatus.RUNNING) {
                finishStep(s, running);
                s.error = reason;
                if (running == StepStatus.FAILED) {
                    appendStepEvent(e, s, EventType.AGENT_FAILED);
                }
            } else if (s.status == StepStatus.PENDING) {
                s.status = waiting;
                s.error = reason;
            }
        }
    }

    /** Records the outcome before money moves, so that whoever settles it (this worker or the reaper) knows it. */
    @Transactional
    public void conclude(Claim claim, JsonNode result, String error) {
        Execution e = leases.fenced(claim);
        e.result = json.write(result);
        e.error = result == null ? error : null;
    }

    /** Completed steps' costs: what is charged, plus the platform fee. */
    @Transactional
    public List<BigDecimal> completedStepCosts(Claim claim) {
        Execution e = leases.fenced(claim);
        return steps.forExecution(e.id).stream().filter(s -> s.status == StepStatus.COMPLETED).map(s -> s.cost)
                .toList();
    }

    /** The terminal transition, with the amount the wallet actually captured, and its final event. */
    @Transactional
    public void finish(Claim claim, ExecutionStatus status, BigDecimal actualCost) {
        Execution e = leases.fenced(claim);
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
        outbox.append(e, type, EventData.execution(e, json.tree(e.result)), steps.forExecution(e.id));
    }

    private void appendStepEvent(Execution e, ExecutionStep s, EventType type) {
        outbox.append(e, type, EventData.step(e, s, json.tree(s.output)), List.of(s));
    }

    private ExecutionStep step(Execution e, String stepId) {
        ExecutionStep s = steps.findById(stepId);
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
