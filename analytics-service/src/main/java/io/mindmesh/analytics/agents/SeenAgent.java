package io.mindmesh.analytics.agents;

import java.time.Instant;

/**
 * An agent as the account's events show it.
 *
 * @param displayName the name carried by the agent's most recent event
 * @param firstSeen   the time of its earliest event
 */
public record SeenAgent(String agentId, String displayName, Instant firstSeen) {
}
