package io.mindmesh.registry.selection;

import java.util.Set;

/**
 * What a selection asks for. Empty {@code verticals} means every vertical; empty
 * {@code requiredCapabilities} means the best agents by confidence alone.
 */
public record SelectionCriteria(
        String query,
        Set<String> verticals,
        Set<String> requiredCapabilities,
        int maxAgents,
        double minConfidence) {

    public static final int DEFAULT_MAX_AGENTS = 5;
    public static final double DEFAULT_MIN_CONFIDENCE = 0.7;

    public SelectionCriteria {
        verticals = Set.copyOf(verticals);
        requiredCapabilities = Set.copyOf(requiredCapabilities);
    }
}
