package io.mindmesh.analytics.events.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.money.Money;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Translates the platform's lifecycle events into the public analytics events
 * (docs/public-api.md#event-types). Agent events become the built-in ones
 * ({@code invocation_start}, {@code invocation_error}, {@code node_execution}); execution events
 * keep their lifecycle name and carry no agent. The module README holds the table.
 */
public final class EventMapping {

    public static final String INVOCATION_START = "invocation_start";
    public static final String NODE_EXECUTION = "node_execution";
    public static final String INVOCATION_ERROR = "invocation_error";

    /** How an invocation was triggered: every agent call starts from {@code POST /v1/orchestrate}. */
    static final String TRIGGER_NAME = "orchestrate";
    static final String NODE_TYPE = "agent";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The names this mapping writes; custom events may not take them, or they would pass for the platform's. */
    private static final Set<String> PLATFORM_EVENT_NAMES = Stream.concat(
                    Stream.of(INVOCATION_START, NODE_EXECUTION, INVOCATION_ERROR),
                    Arrays.stream(EventType.values()).map(EventType::publicName))
            .collect(Collectors.toUnmodifiableSet());

    private EventMapping() {
    }

    public static boolean isPlatformEventName(String eventName) {
        return PLATFORM_EVENT_NAMES.contains(eventName);
    }

    /**
     * @param executionQuery the query of the event's execution, asked only when an
     *                       {@code agent.started} event does not carry it itself
     * @throws RejectedEventException when the event misses what the contract requires
     */
    public static NewEvent map(PlatformEvent event, Supplier<String> executionQuery) {
        EventType type = typeOf(event);
        required(event.id(), "id");
        required(event.accountid(), "accountid");
        required(event.subject(), "subject");
        if (event.time() == null) {
            throw new RejectedEventException("Event " + event.id() + " has no time");
        }
        ExecutionEventData data = event.data();
        if (data == null) {
            throw new RejectedEventException("Event " + event.id() + " has no data");
        }
        return switch (type) {
            case AGENT_STARTED -> agentEvent(event, INVOCATION_START, () -> invocationStart(event, executionQuery));
            case AGENT_COMPLETED -> agentEvent(event, NODE_EXECUTION, () -> nodeExecution(data));
            case AGENT_FAILED -> agentEvent(event, INVOCATION_ERROR, () -> invocationError(data));
            case EXECUTION_STARTED, EXECUTION_COMPLETED, EXECUTION_FAILED, EXECUTION_CANCELLED ->
                    executionEvent(event, type.publicName());
        };
    }

    private static EventType typeOf(PlatformEvent event) {
        try {
            return event.eventType();
        } catch (IllegalArgumentException e) {
            throw new RejectedEventException("Event " + event.id() + " has an unknown type " + event.type());
        }
    }

    /** The payload is built only once the event is known to name its agent. */
    private static NewEvent agentEvent(PlatformEvent event, String eventName, Supplier<ObjectNode> payload) {
        String agentId = event.data().agentId();
        if (isBlank(agentId)) {
            throw new RejectedEventException("Agent event " + event.id() + " has no data.agentId");
        }
        return newEvent(event, agentId, agentName(event.data()), eventName, payload.get());
    }

    private static NewEvent executionEvent(PlatformEvent event, String eventName) {
        return newEvent(event, null, null, eventName, executionPayload(event.data()));
    }

    private static NewEvent newEvent(PlatformEvent event, String agentId, String agentName, String eventName,
            ObjectNode payload) {
        return new NewEvent(event.id(), event.accountid(), agentId, agentName, event.subject(),
                Environment.fromPlatform(event.environment()), eventName, event.type(), payload, event.time());
    }

    /** The agent list shows this name; an event without one still names its agent by id. */
    private static String agentName(ExecutionEventData data) {
        return isBlank(data.agentName()) ? data.agentId() : data.agentName();
    }

    private static ObjectNode invocationStart(PlatformEvent event, Supplier<String> executionQuery) {
        String query = event.data().query();
        ObjectNode triggerBody = JSON.objectNode()
                .put("content", query != null ? query : executionQuery.get())
                .put("sessionId", event.subject());
        ObjectNode payload = JSON.objectNode();
        payload.set("triggerBody", triggerBody);
        payload.put("triggerName", TRIGGER_NAME);
        return payload;
    }

    private static ObjectNode nodeExecution(ExecutionEventData data) {
        ObjectNode parameters = JSON.objectNode()
                .put("stepId", data.stepId())
                .put("status", data.status())
                .put("cost", displayMoney(data.cost()))
                .put("durationMs", data.durationMs());
        parameters.set("output", data.output());
        String name = agentName(data);
        ObjectNode payload = JSON.objectNode()
                .put("nodeName", name)
                .put("nodeType", NODE_TYPE)
                .put("nodeDisplayName", name);
        payload.set("parameters", parameters);
        return payload;
    }

    private static ObjectNode invocationError(ExecutionEventData data) {
        // The platform never ships stack traces to customers; the key stays because the documented
        // invocation_error payload has it (docs/public-api.md#event-types).
        return JSON.objectNode()
                .put("errorMessage", data.error())
                .putNull("errorStack");
    }

    /** Execution events keep the lifecycle data that usage reports read; absent fields are left out. */
    private static ObjectNode executionPayload(ExecutionEventData data) {
        ObjectNode payload = JSON.objectNode();
        putIfPresent(payload, "status", data.status());
        putIfPresent(payload, "query", data.query());
        putIfPresent(payload, "mode", data.mode());
        if (data.cost() != null) {
            payload.put("cost", displayMoney(data.cost()));
        }
        if (data.durationMs() != null) {
            payload.put("durationMs", data.durationMs());
        }
        if (data.output() != null) {
            payload.set("output", data.output());
        }
        putIfPresent(payload, "error", data.error());
        return payload;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static BigDecimal displayMoney(BigDecimal amount) {
        return amount == null ? null : Money.display(Money.of(amount));
    }

    private static void required(String value, String attribute) {
        if (isBlank(value)) {
            throw new RejectedEventException("Event is missing its CloudEvents attribute " + attribute);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
