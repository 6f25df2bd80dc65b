package io.mindmesh.analytics.usage;

import io.mindmesh.analytics.events.Environment;

/**
 * A validated usage report request.
 *
 * @param accountId null for every account (operators only)
 * @param agentId   null for every agent
 */
public record UsageQuery(String accountId, String agentId, Environment environment, UsagePeriod period) {
}
