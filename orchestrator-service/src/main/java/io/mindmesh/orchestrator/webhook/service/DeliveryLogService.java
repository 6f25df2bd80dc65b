package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.webhook.DeliveryStatus;
import io.mindmesh.orchestrator.webhook.WebhookAttempt;
import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.mindmesh.orchestrator.webhook.repository.WebhookAttemptRepository;
import io.mindmesh.orchestrator.webhook.repository.WebhookDeliveryRepository;
import io.mindmesh.orchestrator.webhook.rest.DeliveryLog;
import io.mindmesh.orchestrator.webhook.rest.DeliveryView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The delivery log of an execution and redelivery on request, for the execution's owner only (else 404). */
@ApplicationScoped
public class DeliveryLogService {

    private final ExecutionRepository executions;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;

    public DeliveryLogService(ExecutionRepository executions, WebhookDeliveryRepository deliveries,
            WebhookAttemptRepository attempts) {
        this.executions = executions;
        this.deliveries = deliveries;
        this.attempts = attempts;
    }

    @Transactional
    public DeliveryLog log(Caller caller, String executionId) {
        executions.requireOwned(executionId, caller);
        List<WebhookDelivery> rows = deliveries.forExecution(executionId);
        Map<String, List<WebhookAttempt>> byDelivery = attempts.forDeliveries(rows.stream().map(d -> d.id).toList())
                .stream().collect(Collectors.groupingBy(a -> a.deliveryId));
        return new DeliveryLog(rows.stream().map(d -> view(d, byDelivery.getOrDefault(d.id, List.of()))).toList());
    }

    /**
     * Schedules one more attempt now. A delivery still retrying keeps its remaining attempts; a
     * finished one (delivered or failed) gets exactly one more.
     */
    @Transactional
    public DeliveryView redeliver(Caller caller, String executionId, String deliveryId) {
        executions.requireOwned(executionId, caller);
        WebhookDelivery d = deliveries.lock(deliveryId).filter(x -> x.executionId.equals(executionId))
                .orElseThrow(() -> ApiException.notFound("Webhook delivery " + deliveryId));
        Instant now = Instant.now();
        if (d.status != DeliveryStatus.PENDING) {
            d.status = DeliveryStatus.PENDING;
            d.maxAttempts = d.attempts + 1;
            d.retryUntil = now;
        }
        d.nextAttemptAt = now;
        return view(d, attempts.forDeliveries(List.of(d.id)));
    }

    private static DeliveryView view(WebhookDelivery d, List<WebhookAttempt> attemptRows) {
        return new DeliveryView(d.id, d.eventType, d.eventId.toString(), d.url, d.status.name(), d.attempts,
                d.maxAttempts, d.nextAttemptAt, d.createdAt, d.deliveredAt, attemptRows.stream()
                        .map(a -> new DeliveryView.AttemptView(a.attempt, a.startedAt, a.durationMs, a.statusCode,
                                a.error, a.nextAttemptAt))
                        .toList());
    }
}
