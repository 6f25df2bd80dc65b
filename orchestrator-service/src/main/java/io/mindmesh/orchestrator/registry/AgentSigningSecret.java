package io.mindmesh.orchestrator.registry;

/** An agent's signing secret as the registry gives it to the orchestrator (never stored here). */
public record AgentSigningSecret(String agentId, String signingSecret) {
}
