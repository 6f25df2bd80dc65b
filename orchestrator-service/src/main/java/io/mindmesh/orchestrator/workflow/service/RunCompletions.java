package io.mindmesh.orchestrator.workflow.service;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells callers waiting on this replica that their run finished, whichever replica ran it: one
 * query per interval finds which of the awaited executions reached a final status (the same
 * reasoning as the streams: PostgreSQL is the one place every replica sees). A waiting caller holds
 * a future, not a thread.
 */
@ApplicationScoped
public class RunCompletions {

    private final WorkflowRunRepository runs;
    private final RunOutcomes outcomes;
    private final PeriodicJobs jobs;
    private final OrchestratorConfig.Runs config;
    private final Map<String, List<CompletableFuture<RunOutcome>>> waiting = new ConcurrentHashMap<>();

    public RunCompletions(WorkflowRunRepository runs, RunOutcomes outcomes, PeriodicJobs jobs,
            OrchestratorConfig config) {
        this.runs = runs;
        this.outcomes = outcomes;
        this.jobs = jobs;
        this.config = config.runs();
    }

    void start(@Observes StartupEvent event) {
        jobs.every("run-completions", config.completionInterval(), this::check);
    }

    /** Completes with the run's outcome once it has finished (at once when it already has). */
    public CompletionStage<RunOutcome> whenFinished(String executionId) {
        CompletableFuture<RunOutcome> future = new CompletableFuture<>();
        waiting.compute(executionId, (id, list) -> {
            List<CompletableFuture<RunOutcome>> futures = list == null ? new ArrayList<>() : list;
            futures.add(future);
            return futures;
        });
        return future;
    }

    void check() {
        if (waiting.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(waiting.keySet());
        List<String> finished = QuarkusTransaction.requiringNew().call(() -> runs.finished(ids));
        for (String id : finished) {
            List<CompletableFuture<RunOutcome>> futures = waiting.remove(id);
            if (futures == null) {
                continue;
            }
            try {
                RunOutcome outcome = outcomes.of(id).orElseThrow();
                futures.forEach(f -> f.complete(outcome));
            } catch (RuntimeException e) {
                futures.forEach(f -> f.completeExceptionally(e));
            }
        }
    }
}
