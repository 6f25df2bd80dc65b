package io.mindmesh.registry.agent;

import java.time.Instant;

/** One published definition of an agent; the history of an agent is its versions, newest first. */
public record AgentVersion(String agentId, int version, Instant publishedAt, AgentDefinition definition) {
}
