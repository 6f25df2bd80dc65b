package io.mindmesh.orchestrator.webhook.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.outbox.EventAppended;
import io.mindmesh.orchestrator.webhook.DeliveryStatus;
import io.mindmesh.orchestrator.webhook.RetrySchedule;
import io.mindmesh.orchestrator.webhook.WebhookAttempt;
import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.mindmesh.orchestrator.webhook.repository.WebhookAttemptRepository;
import io.mindmesh.orchestrator.webhook.repository.WebhookDeliveryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The life of webhook deliveries: created with their outbox event, claimed for an attempt under a
 * lease (so that two replicas never send the same delivery at once), and updated with each
 * attempt's result.
 */
@ApplicationScoped
public class WebhookDeliveries {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final ExecutionRepository executions;
    private final WebhookSecrets secrets;
    private final JsonCodec json;
    private final ObjectMapper mapper;
    private final OrchestratorConfig.Webhooks config;
    private final RetrySchedule schedule;

    public WebhookDeliveries(WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts,
            ExecutionRepository executions, WebhookSecrets secrets, JsonCodec json,
            ObjectMapper mapper, OrchestratorConfig config) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.executions = executions;
        this.secrets = secrets;
        this.json = json;
        this.mapper = mapper;
        this.config = config.webhooks();
        this.schedule = new RetrySchedule(this.config.retryBase(), this.config.retryMultiplier(),
                this.config.retryCap());
    }

    /**
     * Creates the delivery of an event appended to the outbox when the execution subscribed to it.
     * A synchronous observer runs in the transaction that writes the event, so a committed event
     * always has its delivery (and a failure here rolls the event back).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(@Observes EventAppended appended) {
        Execution execution = appended.execution();
        PlatformEvent event = appended.event();
        String type = event.eventType().publicName();
        if (execution.webhookUrl == null || !json.read(execution.webhookEvents, STRINGS).contains(type)) {
            return;
        }
        WebhookDelivery d = new WebhookDelivery();
        d.id = Ids.webhookDelivery();
        d.executionId = execution.id;
        d.eventId = UUID.fromString(event.id());
        d.eventType = type;
        d.url = execution.webhookUrl;
        d.data = data(event, appended.steps()).toString();
        d.occurredAt = event.time();
        d.status = DeliveryStatus.PENDING;
        d.maxAttempts = config.maxAttempts();
        d.nextAttemptAt = event.time();
        d.retryUntil = event.time().plus(config.retryWindow());
        d.createdAt = event.time();
        d.traceparent = appended.traceparent();
        deliveries.persist(d);
    }

    /**
     * The event's data plus what a receiver needs without calling back: the usage of an agent's
     * step, and every step's cost and usage in the final execution events.
     */
    private ObjectNode data(PlatformEvent event, List<ExecutionStep> steps) {
        ObjectNode data = mapper.valueToTree(event.data());
        EventType type = event.eventType();
        if (event.data().stepId() != null) {
            data.set("usage", usage(steps.getFirst()));
        } else if (type == EventType.EXECUTION_COMPLETED || type == EventType.EXECUTION_FAILED) {
            ArrayNode list = data.putArray("steps");
            for (ExecutionStep step : steps) {
                list.addObject()
                        .put("stepId", step.stepId)
                        .put("agentId", step.agentId)
                        .put("agentName", step.agentName)
                        .put("status", step.status.name())
                        .put("cost", step.cost)
                        .set("usage", usage(step));
            }
        }
        return data;
    }

    private ObjectNode usage(ExecutionStep step) {
        ObjectNode usage = mapper.createObjectNode().put("units", step.units == null ? null : step.units.stripTrailingZeros());
        if (step.inputTokens != null) {
            usage.put("inputTokens", step.inputTokens).put("outputTokens", step.outputTokens);
        }
        return usage;
    }

    /**
     * Leases up to {@code limit} due deliveries to {@code owner} for one attempt each. A delivery
     * whose secret cannot be read (the key was changed) fails at once with that reason, instead of
     * failing the whole claim and so blocking every delivery queued behind it.
     */
    @Transactional
    public List<DueDelivery> claimDue(String owner, int limit) {
        Instant now = Instant.now();
        Duration lease = config.attemptTimeout().plusSeconds(30);
        List<DueDelivery> due = new ArrayList<>();
        for (WebhookDelivery d : deliveries.lockDue(now, limit)) {
            String secret;
            try {
                secret = secrets.decrypt(d.executionId, executions.webhookSecretOf(d.executionId));
            } catch (IllegalStateException | IllegalArgumentException e) {
                LOG.errorf("Webhook delivery %s given up: %s", d.id, e.getMessage());
                giveUp(d, now, e.getMessage());
                continue;
            }
            d.leaseOwner = owner;
            d.leaseExpiresAt = now.plus(lease);
            due.add(new DueDelivery(d, d.attempts + 1, secret));
        }
        return due;
    }

    private void giveUp(WebhookDelivery d, Instant now, String reason) {
        d.attempts++;
        d.status = DeliveryStatus.FAILED;
        d.nextAttemptAt = null;
        WebhookAttempt attempt = new WebhookAttempt();
        attempt.deliveryId = d.id;
        attempt.attempt = d.attempts;
        attempt.startedAt = now;
        attempt.durationMs = 0;
        attempt.error = reason;
        attempts.persist(attempt);
    }

    /** Records an attempt made under {@code owner}'s lease and decides what follows it. */
    @Transactional
    public DeliveryOutcome record(String owner, DueDelivery due, AttemptResult result) {
        WebhookDelivery d = deliveries.lock(due.delivery().id).orElse(null);
        if (d == null || !owner.equals(d.leaseOwner) || d.attempts != due.attempt() - 1) {
            return DeliveryOutcome.STALE;
        }
        d.attempts = due.attempt();
        d.leaseOwner = null;
        d.leaseExpiresAt = null;
        Instant now = Instant.now();
        DeliveryOutcome outcome;
        if (result.delivered()) {
            d.status = DeliveryStatus.DELIVERED;
            d.deliveredAt = now;
            d.nextAttemptAt = null;
            outcome = DeliveryOutcome.DELIVERED;
        } else {
            Instant next = now.plus(schedule.delayAfter(d.attempts, ThreadLocalRandom.current()));
            boolean retry = result.retryable() && d.attempts < d.maxAttempts && !next.isAfter(d.retryUntil);
            d.status = retry ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
            d.nextAttemptAt = retry ? next : null;
            outcome = retry ? DeliveryOutcome.RETRYING : DeliveryOutcome.FAILED;
        }
        WebhookAttempt attempt = new WebhookAttempt();
        attempt.deliveryId = d.id;
        attempt.attempt = d.attempts;
        attempt.startedAt = result.startedAt();
        attempt.durationMs = result.duration().toMillis();
        attempt.statusCode = result.statusCode();
        attempt.error = result.error();
        attempt.nextAttemptAt = d.nextAttemptAt;
        attempts.persist(attempt);
        return outcome;
    }
}
