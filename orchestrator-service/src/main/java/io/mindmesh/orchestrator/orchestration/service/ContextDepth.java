package io.mindmesh.orchestrator.orchestration.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Nesting depth of a JSON value: a scalar is 0, an object or array is one more than its deepest
 * member. {@code {"a": 1}} is 1 level deep, {@code {"a": {"b": [1]}}} is 3.
 */
public final class ContextDepth {

    private ContextDepth() {
    }

    /** True when {@code node} is no deeper than {@code max}; stops descending as soon as it knows. */
    public static boolean within(JsonNode node, int max) {
        if (!node.isContainerNode()) {
            return true;
        }
        if (max <= 0) {
            return false;
        }
        for (JsonNode child : node) {
            if (!within(child, max - 1)) {
                return false;
            }
        }
        return true;
    }
}
