package io.mindmesh.orchestrator.apprun.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.outbox.EventAppended;
import io.mindmesh.orchestrator.webhook.DeliveryStatus;
import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
import io.mindmesh.orchestrator.webhook.repository.WebhookDeliveryRepository;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.repository.WorkflowRunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * What app runs post to their caller (the result to {@code callbackUrl}, progress to
 * {@code progressUrl}), handed to the webhook deliveries: signed with the callback secret, retried
 * and address-checked like every webhook.
 */
@ApplicationScoped
public class RunPosts {

    private final WebhookDeliveryRepository deliveries;
    private final WorkflowRunRepository runs;
    private final ObjectMapper mapper;
    private final JsonCodec json;
    private final OrchestratorConfig.Webhooks config;

    public RunPosts(WebhookDeliveryRepository deliveries, WorkflowRunRepository runs, ObjectMapper mapper,
            JsonCodec json, OrchestratorConfig config) {
        this.deliveries = deliveries;
        this.runs = runs;
        this.mapper = mapper;
        this.json = json;
        this.config = config.webhooks();
    }

    /** A post of {@code body} (sent as is) to {@code url}, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(String executionId, String url, String type, ObjectNode body, Instant occurredAt) {
        Instant now = Instant.now();
        WebhookDelivery d = new WebhookDelivery();
        d.id = Ids.webhookDelivery();
        d.executionId = executionId;
        d.eventId = UUID.randomUUID();
        d.eventType = type;
        d.url = url;
        d.data = body.toString();
        d.occurredAt = occurredAt != null ? occurredAt : now;
        d.status = DeliveryStatus.PENDING;
        d.maxAttempts = config.maxAttempts();
        d.nextAttemptAt = now;
        d.retryUntil = now.plus(config.retryWindow());
        d.createdAt = now;
        deliveries.persist(d);
    }

    /**
     * A progress post for each step of an app run that completes or fails, written with the event
     * (the outbox fires this inside its transaction): {@code {threadId, event, stepId, agentName,
     * status, output | error}}. Only agent events of executions accepted with progress posts have one,
     * so nothing is read for the others.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void progress(@Observes EventAppended appended) {
        PlatformEvent event = appended.event();
        EventType type = event.eventType();
        if (!appended.execution().progressPosts
                || type != EventType.AGENT_COMPLETED && type != EventType.AGENT_FAILED) {
            return;
        }
        WorkflowRun run = runs.findById(appended.execution().id);
        if (run == null || run.progressUrl == null) {
            return;
        }
        ExecutionStep step = appended.steps().getFirst();
        ObjectNode body = mapper.createObjectNode();
        body.put("threadId", run.threadId.toString());
        body.put("event", type.publicName());
        body.put("stepId", step.stepId);
        body.put("agentName", step.agentName);
        body.put("status", step.status.name());
        if (step.output != null) {
            body.set("output", json.tree(step.output));
        }
        if (step.error != null) {
            body.put("error", step.error);
        }
        enqueue(run.executionId, run.progressUrl, WebhookMessage.RUN_PROGRESS_EVENT, body, event.time());
    }
}
