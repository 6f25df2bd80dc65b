package io.mindmesh.analytics.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event ready to be stored, in the analytics API's vocabulary (docs/public-api.md#event-types).
 *
 * @param agentId   null for execution-level events
 * @param agentName null exactly when {@code agentId} is
 * @param sessionId the execution id
 * @param eventName the analytics event name ({@code invocation_start}, ...) or the lifecycle name for execution events
 * @param eventType the CloudEvents type it came from
 * @param createdAt the event's own time
 */
public record NewEvent(
        String eventId,
        String accountId,
        String agentId,
        String agentName,
        String sessionId,
        Environment environment,
        String eventName,
        String eventType,
        ObjectNode payload,
        Instant createdAt) {
}
