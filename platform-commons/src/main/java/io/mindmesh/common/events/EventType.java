package io.mindmesh.common.events;

import java.util.Arrays;

/**
 * Lifecycle events; {@link #publicName()} is the webhook event name (docs/public-api.md#webhooks).
 */
public enum EventType {
    EXECUTION_STARTED("execution.started"),
    EXECUTION_COMPLETED("execution.completed"),
    EXECUTION_FAILED("execution.failed"),
    EXECUTION_CANCELLED("execution.cancelled"),
    AGENT_STARTED("agent.started"),
    AGENT_COMPLETED("agent.completed"),
    AGENT_FAILED("agent.failed");

    private static final String PREFIX = "io.mindmesh.";

    private final String publicName;

    EventType(String publicName) {
        this.publicName = publicName;
    }

    public String publicName() {
        return publicName;
    }

    public String cloudEventType() {
        return PREFIX + publicName;
    }

    public static EventType fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + type));
    }

    public static EventType fromPublicName(String name) {
        return Arrays.stream(values()).filter(t -> t.publicName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown event " + name));
    }
}
