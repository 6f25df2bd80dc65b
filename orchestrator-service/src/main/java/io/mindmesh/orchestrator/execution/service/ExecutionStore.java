package io.mindmesh.orchestrator.execution.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.outbox.service.Outbox;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.AgentResult;
import io.mindmesh.orchestrator.webhook.service.WebhookSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every state change of executions and steps, each in one transaction with its outbox event.
 * Writes made on behalf of a worker go through {@link #fenced}: they are refused unless the
 * worker's claim still carries the execution's current fencing token.
 */
@ApplicationScoped
public class ExecutionStore {

    private static final List<ExecutionStatus> ACTIVE = List.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELLING);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final Outbox outbox;
    private final JsonCodec json;
    private final OrchestratorConfig config;
    private final WebhookSecrets webhookSecrets;

    public ExecutionStore(ExecutionRepository executions, StepRepository steps, Outbox outbox, JsonCodec json,
            OrchestratorConfig config, WebhookSecrets webhookSecrets) {
        this.executions = executions;
        this.steps = steps;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.webhookSecrets = webhookSecrets;
    }

    // ---- admission ----------------------------------------------------------------------------

    /** Refuses early (before any agent selection or hold) when the account's queue is already full. */
    @Transactional
    public void checkQueueRoom(String accountId, TierRules tier) {
        long queued = executions.countByStatus(accountId, List.of(ExecutionStatus.PENDING));
        if (queued >= tier.queueSize()) {
            throw queueFull(tier);
        }
    }

    /** Stores an accepted execution as PENDING with its plan and its first event; 429 when the queue is full. */
    @Transactional
    public void create(NewExecution n) {
        executions.lockAccount(n.caller().accountId());
        checkQueueRoom(n.caller().accountId(), n.tier());
        Execution e = new Execution();
        e.id = n.id();
        e.accountId = n.caller().accountId();
        e.tier = n.tier().name();
        e.environment = n.caller().environment();
        e.requestId = n.requestId();
        e.status = ExecutionStatus.PENDING;
        e.query = n.query();
        e.context = json.write(n.context());
        e.mode = n.plan().mode();
        e.aggregationStrategy = n.aggregationStrategy();
        e.maxAgents = n.maxAgents();
        e.minConfidence = n.minConfidence();
        e.verticals = json.write(n.verticals());
        e.requiredCapabilities = json.write(n.requiredCapabilities());
        e.rejectedAgents = json.write(n.rejected());
        if (n.webhook() != null) {
            e.webhookUrl = n.webhook().url();
            e.webhookEvents = json.write(n.webhook().events());
            e.webhookSecret = webhookSecrets.encrypt(e.id, n.webhook().secret());
        }
        e.estimatedCost = n.plan().estimatedCost();
        e.estimatedDurationMs = n.plan().estimatedDurationMs();
        e.holdPlaced = n.holdPlaced();
        e.concurrencyLimit = n.tier().maxConcurrent();
        e.createdAt = Instant.now();
        executions.persist(e);
        persistSteps(e, n);
        outbox.append(e, EventType.EXECUTION_STARTED, executionData(e, null));
    }

    private void persistSteps(Execution e, NewExecution n) {
        List<SelectedAgent> agents = n.plan().agents();
        List<String> ids = agents.stream().map(a -> Ids.step()).toList();
        for (int i = 0; i < agents.size(); i++) {
            SelectedAgent agent = agents.get(i);
            ExecutionStep step = new ExecutionStep();
            step.stepId = ids.get(i);
            step.executionId = e.id;
            step.position = i + 1;
            step.agentId = agent.id();
            step.agentName = agent.name();
            step.vertical = agent.vertical();
            step.confidence = agent.confidence();
            step.estimatedCost = n.plan().agentEstimates().get(i);
            step.agent = json.write(agent);
            step.dependsOn = json.write(n.plan().graph().dependenciesOf(i).stream().sorted().map(ids::get).toList());
            step.status = StepStatus.PENDING;
            steps.persist(step);
        }
    }

    private ApiException queueFull(TierRules tier) {
        long seconds = config.scheduler().queueRetryAfter().toSeconds();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("retryAfter", seconds);
        extra.put("limit", tier.queueSize());
        extra.put("remaining", 0);
        extra.put("resetAt", Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS)
                .toString());
        return new ApiException(429, ErrorCode.RATE_LIMIT_EXCEEDED, "Execution queue is full (" + tier.queueSize()
                + " executions waiting). Try again in " + seconds + " seconds.", extra).retryAfter((int) seconds);
    }

    // ---- scheduling ---------------------------------------------------------------------------

    /**
     * Claims up to {@code max} PENDING executions for {@code worker}, oldest first, never exceeding
     * an account's concurrency limit. Accounts are locked in a fixed order so that two replicas
     * claiming at once cannot deadlock.
     */
    @Transactional
    public List<Claim> claim(String worker, int max, Duration lease) {
        List<Execution> candidates = executions.lockClaimable(max).stream()
                .map(id -> executions.findById(id))
                .sorted(Comparator.comparing((Execution e) -> e.accountId).thenComparing(e -> e.createdAt))
                .toList();
        List<Claim> claims = new ArrayList<>();
        Instant now = Instant.now();
        for (Execution e : candidates) {
            executions.lockAccount(e.accountId);
            if (executions.countByStatus(e.accountId, ACTIVE) >= e.concurrencyLimit) {
                continue;
            }
            e.status = ExecutionStatus.RUNNING;
            e.fencingToken++;
            e.leaseOwner = worker;
            e.leaseExpiresAt = now.plus(lease);
            if (e.startedAt == null) {
                e.startedAt = now;
            }
            claims.add(new Claim(e.id, e.fencingToken));
        }
        return claims;
    }

    /**
     * Extends the lease of a running worker. Empty when the worker lost it (another worker took
     * over, or the execution finished); otherwise the execution's status, so that the worker sees a
     * cancellation requested through any replica.
     */
    @Transactional
    public Optional<ExecutionStatus> heartbeat(Claim claim, Duration lease) {
        if (!executions.renewLease(claim.executionId(), claim.token(), Instant.now().plus(lease))) {
            return Optional.empty();
        }
        return executions.statusOf(claim.executionId());
    }

    /**
     * Takes over executions whose lease expired. One that never started a step goes back to the
     * queue; the others are claimed by {@code worker} (new token) to be finished by the caller.
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
            } else {
                e.leaseOwner = worker;
                e.leaseExpiresAt = now.plus(lease);
                takenOver.add(new Claim(id, e.fencingToken));
            }
        }
        return takenOver;
    }

    // ---- running ------------------------------------------------------------------------------

    /** The execution and its steps as the claim's holder may see them. */
    @Transactional
    public RunSnapshot snapshot(Claim claim) {
        Execution e = fenced(claim);
        List<RunSnapshot.Step> stepSnapshots = steps.forExecution(e.id).stream()
                .map(s -> new RunSnapshot.Step(s.stepId, s.position, json.read(s.agent, SelectedAgent.class),
                        json.read(s.dependsOn, STRINGS), s.status, s.attempts, json.tree(s.output),
                        s.outputConfidence, s.cost))
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
        Execution e = fenced(claim);
        stepIds.forEach(stepId -> markRunning(e, stepId, 1));
    }

    /** Marks the step RUNNING for this attempt; {@code agent.started} is written for the first attempt only. */
    @Transactional
    public void stepStarted(Claim claim, String stepId, int attempt) {
        markRunning(fenced(claim), stepId, attempt);
    }

    private void markRunning(Execution e, String stepId, int attempt) {
        ExecutionStep s = step(e, stepId);
        s.status = StepStatus.RUNNING;
        s.attempts = attempt;
        if (s.startedAt == null) {
            s.startedAt = Instant.now();
            outbox.append(e, EventType.AGENT_STARTED, stepData(e, s));
        }
    }

    @Transactional
    public void stepCompleted(Claim claim, String stepId, AgentResult result, BigDecimal cost) {
        Execution e = fenced(claim);
        ExecutionStep s = step(e, stepId);
        finishStep(s, StepStatus.COMPLETED);
        s.output = json.write(result.output());
        s.outputConfidence = result.confidence();
        s.units = Money.of(result.units());
        s.cost = Money.of(cost);
        outbox.append(e, EventType.AGENT_COMPLETED, stepData(e, s));
    }

    @Transactional
    public void stepFailed(Claim claim, String stepId, String error) {
        Execution e = fenced(claim);
        ExecutionStep s = step(e, stepId);
        finishStep(s, StepStatus.FAILED);
        s.error = error;
        outbox.append(e, EventType.AGENT_FAILED, stepData(e, s));
    }

    /**
     * Closes every step that has not finished: running ones become {@code running}, waiting ones
     * {@code waiting}, each with the reason. Used when the execution stops early (failure, cancel,
     * a dead worker).
     */
    @Transactional
    public void closeUnfinishedSteps(Claim claim, StepStatus running, StepStatus waiting, String reason) {
        Execution e = fenced(claim);
        for (ExecutionStep s : steps.forExecution(e.id)) {
            if (s.status == StepStatus.RUNNING) {
                finishStep(s, running);
                s.error = reason;
                if (running == StepStatus.FAILED) {
                    outbox.append(e, EventType.AGENT_FAILED, stepData(e, s));
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
        Execution e = fenced(claim);
        e.result = json.write(result);
        e.error = result == null ? error : null;
    }

    /** Completed steps' costs: what is charged, plus the platform fee. */
    @Transactional
    public List<BigDecimal> completedStepCosts(Claim claim) {
        Execution e = fenced(claim);
        return steps.forExecution(e.id).stream().filter(s -> s.status == StepStatus.COMPLETED).map(s -> s.cost)
                .toList();
    }

    /** The terminal transition, with the amount the wallet actually captured, and its final event. */
    @Transactional
    public void finish(Claim claim, ExecutionStatus status, BigDecimal actualCost) {
        Execution e = fenced(claim);
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
        outbox.append(e, type, executionData(e, json.tree(e.result)));
    }

    // ---- cancellation -------------------------------------------------------------------------

    /**
     * Asks the execution to stop. A PENDING one is claimed right away by {@code worker} for the
     * caller to cancel (the returned claim); a RUNNING one becomes CANCELLING and its worker stops
     * it; cancelling again changes nothing. 404 for another account's execution, 409 once finished
     * otherwise.
     */
    @Transactional
    public Optional<Claim> requestCancel(String accountId, String executionId, String worker, Duration lease) {
        Execution e = executions.lock(executionId).filter(x -> x.accountId.equals(accountId))
                .orElseThrow(() -> ApiException.notFound("Execution " + executionId));
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

    // ---- helpers ------------------------------------------------------------------------------

    private Execution fenced(Claim claim) {
        return executions.lock(claim.executionId())
                .filter(e -> e.fencingToken == claim.token() && e.status.active())
                .orElseThrow(() -> new LeaseLostException(claim.executionId()));
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

    private static ExecutionEventData executionData(Execution e, JsonNode result) {
        Long duration = e.completedAt == null ? null
                : Duration.between(e.startedAt != null ? e.startedAt : e.createdAt, e.completedAt).toMillis();
        return new ExecutionEventData(e.id, e.status.name(), e.query, e.mode.name(), null, null, null,
                e.status.terminal() ? e.actualCost : e.estimatedCost, duration, result, e.error);
    }

    private ExecutionEventData stepData(Execution e, ExecutionStep s) {
        return new ExecutionEventData(e.id, s.status.name(), e.query, e.mode.name(), s.agentId, s.agentName, s.stepId,
                s.cost, s.durationMs, json.tree(s.output), s.error);
    }
}
