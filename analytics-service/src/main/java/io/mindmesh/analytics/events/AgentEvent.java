package io.mindmesh.analytics.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as the analytics event query returns it (docs/public-api.md#event-query);
 * {@code created_at} is snake_case there, unlike its neighbours.
 */
public record AgentEvent(
        long id,
        String agentId,
        String sessionId,
        String environment,
        String eventName,
        JsonNode payload,
        @JsonProperty("created_at") String createdAt) {
}
