package io.mindmesh.registry.agent.repository;

import java.time.Instant;

/**
 * A cheap summary of the whole catalog that changes whenever an agent is added or changed (the
 * database moves {@code updated_at} on every update and versions only grow), on any replica.
 */
public record CatalogFingerprint(long agents, Instant lastChange, long versionSum) {
}
