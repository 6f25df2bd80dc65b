package io.mindmesh.registry.agent;

/** Equality filters of the agent list; a null field does not filter. */
public record AgentFilter(String vertical, String capability, String status) {
}
