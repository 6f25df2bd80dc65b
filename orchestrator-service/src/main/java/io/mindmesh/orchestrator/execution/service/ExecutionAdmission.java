package io.mindmesh.orchestrator.execution.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.ClaimedRun;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.LocalRunner;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.Notifications;
import io.mindmesh.orchestrator.outbox.service.Outbox;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.webhook.service.WebhookSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Admits executions into an account's queue: the queue-room check and the PENDING execution with its plan. */
@ApplicationScoped
public class ExecutionAdmission {

    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final Outbox outbox;
    private final JsonCodec json;
    private final OrchestratorConfig config;
    private final WebhookSecrets webhookSecrets;
    private final Notifications notifications;
    private final Tracing tracing;
    private final ExecutionLeases leases;
    private final RunSnapshots snapshots;
    private final LocalRunner runner;
    private final ExecutionTransitions transitions;
    private final Event<ClaimedRun> startAtCommit;

    public ExecutionAdmission(ExecutionRepository executions, StepRepository steps, Outbox outbox, JsonCodec json,
            OrchestratorConfig config, WebhookSecrets webhookSecrets, Notifications notifications, Tracing tracing,
            ExecutionLeases leases, RunSnapshots snapshots, LocalRunner runner, ExecutionTransitions transitions,
            Event<ClaimedRun> startAtCommit) {
        this.tracing = tracing;
        this.transitions = transitions;
        this.snapshots = snapshots;
        this.leases = leases;
        this.runner = runner;
        this.startAtCommit = startAtCommit;
        this.executions = executions;
        this.steps = steps;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.webhookSecrets = webhookSecrets;
        this.notifications = notifications;
    }

    /**
     * Refuses early (before any agent selection or hold) when the account's queue is already full.
     * One read outside any transaction: {@link #create} checks again under the account's lock, so
     * this only spares a doomed submission its selection and its hold.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void checkQueueRoom(String accountId, TierRules tier) {
        queued(accountId, tier);
    }

    /** The account's PENDING executions; 429 when they fill its queue. */
    private long queued(String accountId, TierRules tier) {
        long queued = executions.countPending(accountId);
        if (queued >= tier.queueSize()) {
            throw queueFull(tier);
        }
        return queued;
    }

    /** An execution as it was accepted: its row and its steps in plan order. */
    public record Admitted(Execution execution, List<ExecutionStep> steps) {
    }

    /** The execution already stored under {@code id}, if any. */
    @Transactional
    public Optional<Admitted> admitted(String id) {
        return executions.findByIdOptional(id).map(e -> new Admitted(e, steps.forExecution(id)));
    }

    /**
     * Stores an accepted execution with its plan and its first event; 429 when the queue is full.
     * When nothing of the account waits before it, the account is under its concurrency limit and
     * this replica's runner has room, it is claimed here, its first steps are started here too (RUNNING,
     * {@code agent.started}) and their agents are called right after the commit ({@link ClaimedRun}
     * observed by the runner): a run that starts at once costs no transaction of its own to start.
     * Otherwise it stays PENDING and every replica is told to claim at commit.
     */
    @Transactional
    public void create(NewExecution n) {
        executions.lockAccount(n.caller().accountId());
        long queued = queued(n.caller().accountId(), n.tier());
        Execution e = new Execution();
        e.id = n.id();
        e.accountId = n.caller().accountId();
        e.tier = n.tier().name();
        e.environment = n.caller().environment();
        e.requestId = n.requestId();
        e.traceparent = tracing.currentTraceparent();
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
        e.progressPosts = n.progressPosts();
        e.concurrencyLimit = n.tier().maxConcurrent();
        e.createdAt = Instant.now();
        // The event reports the execution as accepted, PENDING, even when it starts at once.
        ExecutionEventData accepted = EventData.execution(e, null);
        // The plan's rows are part of the acceptance: built before the claim, they are not in the run's time.
        List<ExecutionStep> planned = plannedSteps(e, n);
        Optional<Claim> claimed = queued > 0 ? Optional.empty()
                : runner.freeSlot().flatMap(worker -> leases.claimAdmitted(e, worker, runner.leaseDuration()));
        // Started before they are stored: each step is one INSERT, not an INSERT and an UPDATE.
        List<ExecutionStep> started = claimed.isPresent() ? startFirstSteps(e, planned) : List.of();
        executions.persist(e);
        planned.forEach(steps::persist);
        outbox.append(e, EventType.EXECUTION_STARTED, accepted, List.of());
        started.forEach(step -> transitions.agentStarted(e, step));
        if (claimed.isPresent()) {
            startAtCommit.fire(new ClaimedRun(claimed.get(), snapshots.of(e, planned)));
        } else {
            notifications.onCommit(Channel.EXECUTIONS, "");
        }
    }

    /** Marks RUNNING the steps the run may start at once (as its loop would: RunSnapshot#startable). */
    private List<ExecutionStep> startFirstSteps(Execution e, List<ExecutionStep> planned) {
        RunSnapshot pending = snapshots.of(e, planned);
        Set<String> first = pending.startable(pending.statuses(), 0, config.engine().maxParallelSteps()).stream()
                .map(RunSnapshot.Step::stepId).collect(Collectors.toSet());
        List<ExecutionStep> started = planned.stream().filter(step -> first.contains(step.stepId)).toList();
        started.forEach(step -> ExecutionTransitions.markRunning(step, 1));
        return started;
    }

    private List<ExecutionStep> plannedSteps(Execution e, NewExecution n) {
        List<SelectedAgent> agents = n.plan().agents();
        List<String> ids = agents.stream().map(a -> Ids.step()).toList();
        List<ExecutionStep> planned = new ArrayList<>();
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
            step.instructions = n.instructionsOf(i);
            step.status = StepStatus.PENDING;
            planned.add(step);
        }
        return planned;
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
}
