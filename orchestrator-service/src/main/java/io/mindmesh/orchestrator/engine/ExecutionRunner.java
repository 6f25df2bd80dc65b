package io.mindmesh.orchestrator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.aggregation.AgentOutput;
import io.mindmesh.orchestrator.aggregation.Aggregator;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Conclusion;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.RunSnapshot;
import io.mindmesh.orchestrator.execution.StepEnd;
import io.mindmesh.orchestrator.execution.StepStatus;
import io.mindmesh.orchestrator.execution.service.ExecutionTransitions;
import io.mindmesh.orchestrator.metrics.OrchestratorMetrics;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.runtime.AgentCall;
import io.mindmesh.orchestrator.runtime.AgentFailure;
import io.mindmesh.orchestrator.runtime.AgentResult;
import io.mindmesh.orchestrator.runtime.AgentRuntime;
import io.mindmesh.orchestrator.runtime.Runtimes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.MDC;

/**
 * Runs one claimed execution to its end. Every mode is a dependency graph walked the same way: a
 * step starts when all the steps it depends on completed, at most {@code max-parallel-steps} at a
 * time. What a failure does (README: "Modes"):
 * <ul>
 * <li>PARALLEL: the other agents go on; the execution completes with the agents that succeeded,
 * and fails only when none did;</li>
 * <li>SEQUENTIAL and DAG: no further step starts (steps in flight finish), the rest are SKIPPED and
 * the execution fails.</li>
 * </ul>
 * An execution that runs longer than {@code execution-timeout} (counted from its claim, so time
 * spent queued does not count) has its agent calls interrupted and fails with EXECUTION_TIMEOUT.
 *
 * <p>A run continues the trace of the request that submitted the execution, whichever replica
 * claimed it: one span for the run, one per step under it.
 */
@ApplicationScoped
public class ExecutionRunner {

    private static final String EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT";
    static final String LEASE_EXPIRED = "Execution stopped: the worker running it stopped responding (lease expired)";
    private static final String STEP_ABANDONED =
            "The worker running this step stopped responding; the step is not re-run so that it is never paid twice";
    private static final String CANCELLED = "Execution was cancelled";
    private static final String SKIPPED = "Not run: an earlier step failed";
    private static final String TIMED_OUT_STEP = "Stopped: the execution reached its time limit";
    private static final long WAKE_UP_MS = 100;

    private final ExecutionTransitions transitions;
    private final Runtimes runtimes;
    private final Settlement settlement;
    private final OrchestratorMetrics metrics;
    private final OrchestratorConfig.Engine config;
    private final Tracing tracing;
    private final ExecutorService stepThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("agent-step-", 0).factory());

    public ExecutionRunner(ExecutionTransitions transitions, Runtimes runtimes, Settlement settlement, OrchestratorMetrics metrics,
            OrchestratorConfig config, Tracing tracing) {
        this.tracing = tracing;
        this.transitions = transitions;
        this.runtimes = runtimes;
        this.settlement = settlement;
        this.metrics = metrics;
        this.config = config.engine();
    }

    void stop(@Observes ShutdownEvent event) {
        stepThreads.shutdownNow();
    }

    /**
     * Runs a freshly claimed execution, as read in its claiming transaction: its steps, then
     * aggregation and settlement. A cancel requested since then reaches the handle directly (this
     * replica) or through the next lease renewal (another one).
     */
    void run(RunHandle handle, RunSnapshot execution) {
        Tracing.within(span("execution run", execution), () -> runTraced(handle, execution));
    }

    private void runTraced(RunHandle handle, RunSnapshot execution) {
        MDC.put(RequestId.MDC_KEY, execution.requestId());
        metrics.schedulingDelay(Duration.between(execution.createdAt(), Instant.now()));
        Map<String, StepStatus> states = execution.statuses();
        Map<String, AgentOutput> outputs = new HashMap<>();
        for (RunSnapshot.Step step : execution.steps()) {
            if (step.status() == StepStatus.COMPLETED) {
                outputs.put(step.stepId(), new AgentOutput(step.agent().name(), step.position(),
                        step.outputConfidence(), step.output()));
            }
        }
        long deadline = System.nanoTime() + config.executionTimeout().toNanos();
        List<StepEnd> unwritten = new ArrayList<>();
        String firstFailure = walk(handle, execution, states, outputs, deadline, unwritten);
        if (handle.leaseLost()) {
            return;
        }
        ExecutionStatus outcome;
        Conclusion conclusion;
        if (handle.cancelRequested()) {
            conclusion = Conclusion.of(unwritten, StepStatus.CANCELLED, StepStatus.CANCELLED, CANCELLED, null,
                    CANCELLED);
            outcome = ExecutionStatus.CANCELLED;
        } else if (handle.timedOut()) {
            conclusion = Conclusion.of(unwritten, StepStatus.FAILED, StepStatus.SKIPPED, TIMED_OUT_STEP, null,
                    EXECUTION_TIMEOUT + ": the execution did not finish within "
                            + config.executionTimeout().toMillis() + " ms; its unfinished agent calls were stopped");
            outcome = ExecutionStatus.FAILED;
        } else {
            outcome = outcome(execution.mode(), states);
            JsonNode result = outcome == ExecutionStatus.COMPLETED
                    ? Aggregator.aggregate(execution.strategy(), new ArrayList<>(outputs.values()))
                    : null;
            conclusion = Conclusion.of(unwritten, StepStatus.FAILED, StepStatus.SKIPPED, SKIPPED, result,
                    failureMessage(execution.mode(), firstFailure));
        }
        settlement.settle(handle.claim(), execution, conclusion, outcome);
    }

    /**
     * Finishes an execution whose worker is gone, or a queued one being cancelled: nothing is
     * re-run. Steps caught running are failed (their agent may or may not have been paid), the
     * recorded outcome is kept when there is one, and the money is settled.
     */
    void finishAbandoned(RunHandle handle) {
        Claim claim = handle.claim();
        RunSnapshot execution = transitions.snapshot(claim);
        Tracing.within(span("execution finish", execution), () -> settleAbandoned(claim, execution));
    }

    private void settleAbandoned(Claim claim, RunSnapshot execution) {
        MDC.put(RequestId.MDC_KEY, execution.requestId());
        ExecutionStatus outcome;
        Conclusion conclusion;
        if (execution.status() == ExecutionStatus.CANCELLING) {
            conclusion = Conclusion.closing(StepStatus.CANCELLED, StepStatus.CANCELLED, CANCELLED);
            outcome = ExecutionStatus.CANCELLED;
        } else if (execution.concluded()) {
            conclusion = Conclusion.alreadyRecorded();
            outcome = execution.succeeded() ? ExecutionStatus.COMPLETED : ExecutionStatus.FAILED;
        } else {
            conclusion = Conclusion.of(List.of(), StepStatus.FAILED, StepStatus.SKIPPED, STEP_ABANDONED, null,
                    LEASE_EXPIRED);
            outcome = ExecutionStatus.FAILED;
        }
        settlement.settle(claim, execution, conclusion, outcome);
    }

    /**
     * Launches ready steps and collects their outcomes until nothing runs; returns the first failure.
     * The steps already RUNNING in the snapshot were started by the admission's transaction
     * (ExecutionAdmission#create) and are launched at once. What happened since the last write is
     * written in one transaction: the steps that ended, then the steps that may start now; the last
     * ends are left in {@code unwritten} for the transaction that records the outcome. Past
     * {@code deadline} (a {@link System#nanoTime()} value) the run is timed out: nothing new starts
     * and the calls in flight are interrupted.
     */
    private String walk(RunHandle handle, RunSnapshot execution, Map<String, StepStatus> states,
            Map<String, AgentOutput> outputs, long deadline, List<StepEnd> unwritten) {
        ExecutorCompletionService<StepOutcome> done = new ExecutorCompletionService<>(stepThreads);
        List<Future<StepOutcome>> inFlight = new ArrayList<>();
        execution.steps().stream().filter(step -> step.status() == StepStatus.RUNNING)
                .forEach(step -> inFlight.add(launch(handle, execution, step, outputs, done)));
        List<StepEnd> ended = new ArrayList<>();
        boolean stopLaunching = false;
        String firstFailure = null;
        while (true) {
            if (!handle.stopping() && System.nanoTime() - deadline > 0) {
                handle.timeOut();
            }
            stopLaunching |= handle.stopping();
            List<RunSnapshot.Step> launch = stopLaunching ? List.of()
                    : execution.startable(states, inFlight.size(), config.maxParallelSteps());
            if (launch.isEmpty() && inFlight.isEmpty()) {
                unwritten.addAll(ended);
                return firstFailure;
            }
            if ((!launch.isEmpty() || !ended.isEmpty()) && advanced(handle, ended, launch)) {
                for (RunSnapshot.Step step : launch) {
                    states.put(step.stepId(), StepStatus.RUNNING);
                    inFlight.add(launch(handle, execution, step, outputs, done));
                }
            }
            ended.clear();
            for (StepOutcome outcome = next(done, inFlight, WAKE_UP_MS); outcome != null;
                    outcome = next(done, inFlight, 0)) {
                states.put(outcome.stepId(), outcome.status());
                if (outcome.status() == StepStatus.COMPLETED) {
                    outputs.put(outcome.stepId(), outcome.output());
                } else if (outcome.status() == StepStatus.FAILED) {
                    firstFailure = firstFailure != null ? firstFailure : outcome.error();
                    stopLaunching |= execution.mode() != ExecutionMode.PARALLEL;
                } else if (outcome.status() == null) {
                    handle.loseLease();
                }
                if (outcome.end() != null && !handle.leaseLost()) {
                    ended.add(outcome.end());
                }
            }
        }
    }

    /** Runs a step recorded as started on a thread of its own, with the outputs of the steps it depends on. */
    private Future<StepOutcome> launch(RunHandle handle, RunSnapshot execution, RunSnapshot.Step step,
            Map<String, AgentOutput> outputs, ExecutorCompletionService<StepOutcome> done) {
        Map<String, JsonNode> upstream = upstream(step, execution, outputs);
        return done.submit(Context.current().wrap(() -> runStep(handle, execution, step, upstream)));
    }

    /**
     * Writes the steps that ended and the first attempt of those about to start; false (and the
     * lease is given up) when it was lost.
     */
    private boolean advanced(RunHandle handle, List<StepEnd> ended, List<RunSnapshot.Step> starting) {
        try {
            transitions.advance(handle.claim(), ended, starting.stream().map(RunSnapshot.Step::stepId).toList());
            return true;
        } catch (LeaseLostException e) {
            handle.loseLease();
            return false;
        }
    }

    /** The next step outcome within {@code waitMs}, or null. */
    private static StepOutcome next(ExecutorCompletionService<StepOutcome> done, List<Future<StepOutcome>> inFlight,
            long waitMs) {
        try {
            Future<StepOutcome> finished = done.poll(waitMs, TimeUnit.MILLISECONDS);
            if (finished == null) {
                return null;
            }
            inFlight.remove(finished);
            return finished.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLostException("(worker shutting down)");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Step thread failed", e.getCause());
        }
    }

    /** Outputs of the steps this one depends on, keyed by agent name, in plan order. */
    private static Map<String, JsonNode> upstream(RunSnapshot.Step step, RunSnapshot execution,
            Map<String, AgentOutput> outputs) {
        Map<String, JsonNode> upstream = new LinkedHashMap<>();
        for (RunSnapshot.Step other : execution.steps()) {
            if (step.dependsOn().contains(other.stepId())) {
                upstream.put(other.agent().name(), outputs.get(other.stepId()).output());
            }
        }
        return upstream;
    }

    private Span span(String name, RunSnapshot execution) {
        Span span = tracing.start(name, SpanKind.INTERNAL, tracing.parent(execution.traceparent()));
        span.setAttribute("mindmesh.execution_id", execution.executionId());
        span.setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, execution.requestId());
        return span;
    }

    /** One step with its retries, as a span of the run. */
    private StepOutcome runStep(RunHandle handle, RunSnapshot execution, RunSnapshot.Step step,
            Map<String, JsonNode> upstream) {
        Span span = tracing.start("step " + step.agent().name(), SpanKind.INTERNAL, Context.current());
        span.setAttribute("mindmesh.step_id", step.stepId());
        try (Scope scope = Tracing.activate(span)) {
            StepOutcome outcome = attempts(handle, execution, step, upstream);
            span.setAttribute("mindmesh.step_status", String.valueOf(outcome.status()));
            return outcome;
        } finally {
            span.end();
        }
    }

    /** A null status means the lease was lost and nothing more may be written. */
    private StepOutcome attempts(RunHandle handle, RunSnapshot execution, RunSnapshot.Step step,
            Map<String, JsonNode> upstream) {
        MDC.put(RequestId.MDC_KEY, execution.requestId());
        StepCall call = new StepCall();
        handle.track(call);
        Claim claim = handle.claim();
        AgentRuntime runtime = runtimes.forStep(execution.sandbox(), step.agent());
        JsonNode context = execution.context() != null ? execution.context() : JsonNodeFactory.instance.objectNode();
        try {
            for (int attempt = 1; ; attempt++) {
                // The first attempt was recorded with the steps started beside it (by walk() or the admission).
                if (attempt > 1) {
                    transitions.stepStarted(claim, step.stepId(), attempt);
                }
                long started = System.nanoTime();
                try {
                    AgentResult result = call.invoke(runtime, new AgentCall(execution.executionId(), step.stepId(),
                            attempt, step.agent(), execution.query(), context, upstream, step.instructions()));
                    metrics.agentCall(step.agent().name(), "completed", Duration.ofNanos(System.nanoTime() - started));
                    return new StepOutcome(step.stepId(), StepStatus.COMPLETED,
                            new AgentOutput(step.agent().name(), step.position(), result.confidence(), result.output()),
                            null, StepEnd.completed(step.stepId(), result, Pricing.stepCost(step.agent(), result)));
                } catch (AgentFailure failure) {
                    metrics.agentCall(step.agent().name(), failure.outcome(),
                            Duration.ofNanos(System.nanoTime() - started));
                    if (!failure.retryable() || attempt >= config.stepAttempts() || handle.stopping()) {
                        return new StepOutcome(step.stepId(), StepStatus.FAILED, null,
                                "Step " + step.stepId() + " (" + step.agent().name() + ") failed: " + failure.getMessage(),
                                StepEnd.failed(step.stepId(), failure.getMessage()));
                    }
                    Thread.sleep(config.retryBackoff().toMillis() << (attempt - 1));
                }
            }
        } catch (InterruptedException e) {
            return new StepOutcome(step.stepId(), StepStatus.CANCELLED, null, null, null);
        } catch (LeaseLostException e) {
            return new StepOutcome(step.stepId(), null, null, null, null);
        } finally {
            handle.untrack(call);
        }
    }

    static ExecutionStatus outcome(ExecutionMode mode, Map<String, StepStatus> states) {
        boolean anyCompleted = states.containsValue(StepStatus.COMPLETED);
        boolean allCompleted = states.values().stream().allMatch(s -> s == StepStatus.COMPLETED);
        boolean succeeded = mode == ExecutionMode.PARALLEL ? anyCompleted : allCompleted;
        return succeeded ? ExecutionStatus.COMPLETED : ExecutionStatus.FAILED;
    }

    private static String failureMessage(ExecutionMode mode, String firstFailure) {
        if (firstFailure == null) {
            return "No agent completed";
        }
        return mode == ExecutionMode.PARALLEL ? "Every agent failed. " + firstFailure : firstFailure;
    }

    /**
     * How one step ended; {@code output} for a completed step, {@code error} for a failed one, and
     * {@code end} what the run's loop writes for either.
     */
    private record StepOutcome(String stepId, StepStatus status, AgentOutput output, String error, StepEnd end) {
    }
}
