package io.mindmesh.registry.agent.repository;

/**
 * A cheap summary of the whole catalog that changes with every committed insert or update of an
 * agent, on any replica: each write gives the row a fresh, larger revision from one sequence, so
 * the sum grows whatever order concurrent transactions commit in (migration V2).
 */
public record CatalogFingerprint(long agents, long revisionSum) {
}
