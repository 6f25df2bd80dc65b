package io.mindmesh.analytics.events;

import java.time.Instant;

/**
 * A validated analytics event query (docs/public-api.md#event-query), scoped to the calling
 * account.
 *
 * @param sessionId null for any session
 * @param eventName null for any event
 * @param from      inclusive lower bound on the event time, or null
 * @param to        inclusive upper bound on the event time, or null
 */
public record EventQuery(
        String accountId,
        String agentId,
        Environment environment,
        String sessionId,
        String eventName,
        Instant from,
        Instant to,
        int limit,
        int offset) {
}
