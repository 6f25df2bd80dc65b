package io.mindmesh.analytics.agents;

/**
 * An agent as the public agents list shows it (docs/public-api.md#agents-list); {@code createdAt}
 * is when the account's events first show it.
 */
public record AgentSummary(String agentId, String displayName, String createdAt) {
}
