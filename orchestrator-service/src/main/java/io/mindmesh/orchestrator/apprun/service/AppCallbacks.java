package io.mindmesh.orchestrator.apprun.service;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.webhook.DeliveryStatus;
import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
import io.mindmesh.orchestrator.webhook.repository.WebhookDeliveryRepository;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import io.mindmesh.orchestrator.workflow.service.RunOutcome;
import io.mindmesh.orchestrator.workflow.service.RunOutcomes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Hands the result of a finished app run to the webhook deliveries, which post it to the run's
 * {@code callbackUrl} with the same signature, retries and address checks as every webhook. The
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
    private final WebhookDeliveryRepository deliveries;
    private final PeriodicJobs jobs;
    private final OrchestratorConfig config;

    public AppCallbacks(WorkflowRunRepository runs, RunOutcomes outcomes, AppRunBodies bodies,
            WebhookDeliveryRepository deliveries, PeriodicJobs jobs, OrchestratorConfig config) {
        this.runs = runs;
        this.outcomes = outcomes;
        this.bodies = bodies;
        this.deliveries = deliveries;
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
            WebhookDelivery d = new WebhookDelivery();
            d.id = Ids.webhookDelivery();
            d.executionId = executionId;
            d.eventId = UUID.randomUUID();
            d.eventType = WebhookMessage.RUN_RESULT_EVENT;
            d.url = run.callbackUrl;
            d.data = bodies.result(outcome).toString();
            d.occurredAt = outcome.completedAt();
            d.status = DeliveryStatus.PENDING;
            d.maxAttempts = config.webhooks().maxAttempts();
            d.nextAttemptAt = now;
            d.retryUntil = now.plus(config.webhooks().retryWindow());
            d.createdAt = now;
            deliveries.persist(d);
            run.callbackEnqueuedAt = now;
        }
    }
}
