package io.mindmesh.registry.agent;

import io.mindmesh.common.error.ApiException;
import java.util.List;

/** An agent is {@code active} (selectable) or {@code deprecated} (listed, never selected). */
public final class AgentStatus {

    public static final String ACTIVE = "active";
    public static final String DEPRECATED = "deprecated";
    public static final List<String> ALL = List.of(ACTIVE, DEPRECATED);

    private AgentStatus() {
    }

    /** A status given by a caller, e.g. as a list filter; null when absent. */
    public static String parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!ALL.contains(raw)) {
            throw ApiException.invalid("status", "status must be one of " + ALL);
        }
        return raw;
    }
}
