package io.mindmesh.orchestrator.webhook.rest;

import java.time.Instant;
import java.util.List;

/** One entry of an execution's webhook delivery log. */
public record DeliveryView(String deliveryId, String event, String eventId, String url, String status, int attempts,
        int maxAttempts, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt, List<AttemptView> attemptLog) {

    /**
     * @param statusCode the receiver's HTTP status, null when it did not answer
     * @param nextAttemptAt when the following attempt was scheduled, null after the last one
     */
    public record AttemptView(int attempt, Instant startedAt, long durationMs, Integer statusCode, String error,
            Instant nextAttemptAt) {
    }
}
