package io.mindmesh.analytics.custom;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded custom event: the analytics event shape (docs/public-api.md#event-query), so it reads
 * like what {@code POST /api/v1/events/agent} returns, plus the idempotency {@code eventId}.
 */
public record CustomEvent(
        long id,
        String eventId,
        String agentId,
        String sessionId,
        String environment,
        String eventName,
        JsonNode payload,
        @JsonProperty("created_at") String createdAt) {
}
