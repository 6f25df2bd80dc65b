package io.mindmesh.orchestrator.apprun.service;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import io.mindmesh.orchestrator.workflow.service.RunOutcome;
import io.mindmesh.orchestrator.workflow.service.RunOutcomes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Hands the result of a finished app run to the webhook deliveries ({@link RunPosts}), which post
 * it to the run's {@code callbackUrl}. The
 * delivery is written once: the run is locked while it is written (another replica skips it) and
 * marked in the same transaction. A run's callback is found by the next check after it finished,
 * whichever replica ran it, and also after a restart.
 */
@ApplicationScoped
public class AppCallbacks {

    private static final int BATCH = 20;

    private final WorkflowRunRepository runs;
    private final RunOutcomes outcomes;
    private final AppRunBodies bodies;
    private final RunPosts posts;
    private final PeriodicJobs jobs;
    private final OrchestratorConfig config;

    public AppCallbacks(WorkflowRunRepository runs, RunOutcomes outcomes, AppRunBodies bodies,
            RunPosts posts, PeriodicJobs jobs, OrchestratorConfig config) {
        this.runs = runs;
        this.outcomes = outcomes;
        this.bodies = bodies;
        this.posts = posts;
        this.jobs = jobs;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        jobs.every("app-callbacks", config.runs().completionInterval(), this::enqueueDue);
    }

    @Transactional
    void enqueueDue() {
        Instant now = Instant.now();
        for (String executionId : runs.lockCallbacksDue(BATCH)) {
            RunOutcome outcome = outcomes.of(executionId).orElseThrow();
            WorkflowRun run = outcome.run();
            posts.enqueue(executionId, run.callbackUrl, WebhookMessage.RUN_RESULT_EVENT, bodies.result(outcome),
                    outcome.completedAt());
            run.callbackEnqueuedAt = now;
        }
    }
}
