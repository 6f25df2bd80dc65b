package io.mindmesh.analytics.agents;

/** An agent as seed 002 lists it; {@code createdAt} is when the account's events first show it. */
public record AgentSummary(String agentId, String displayName, String createdAt) {
}
