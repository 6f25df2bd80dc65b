package io.mindmesh.analytics.custom.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.analytics.IsoTimestamps;
import io.mindmesh.analytics.custom.CustomEvent;
import io.mindmesh.analytics.custom.CustomEventRequest;
import io.mindmesh.analytics.custom.service.CustomEventMetrics.Outcome;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.analytics.events.StoredEvent;
import io.mindmesh.analytics.events.StoredPayloads;
import io.mindmesh.analytics.events.repository.EventRepository;
import io.mindmesh.analytics.events.service.EventMapping;
import io.mindmesh.analytics.events.service.PermanentFailures;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.time.DateRange;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Records custom events in the same table as the platform's own, so that the analytics event
 * query (docs/public-api.md#event-query) finds them by agent, session and name. Nothing here
 * involves the orchestrator: an agent's call can fail or be dropped without touching the execution
 * it reports on.
 */
@ApplicationScoped
public class CustomEvents {

    /** The {@code event_type} of custom events; the platform's own types are {@code io.mindmesh.<lifecycle>}. */
    public static final String EVENT_TYPE = "io.mindmesh.analytics.custom";

    private static final String PAYLOAD = "payload";

    private final EventRepository repository;
    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final CustomEventMetrics metrics;

    public CustomEvents(EventRepository repository, ObjectMapper objectMapper, Validator validator,
            CustomEventMetrics metrics) {
        this.repository = repository;
        this.objectMapper = objectMapper;
        this.validator = validator;
        this.metrics = metrics;
    }

    /** The stored event, and whether this call stored it (false: a replay of an earlier call). */
    public record Recorded(CustomEvent event, boolean created) {
    }

    /**
     * Stores the event once per {@code eventId} within the account. The same id with the same
     * event is a replay and returns the stored event; with another event it is a 409. A replay
     * without {@code timestamp} matches whatever time the first call stored, since "now" cannot be
     * repeated.
     */
    public Recorded record(Caller caller, CustomEventRequest request) {
        NewEvent event;
        try {
            event = toNewEvent(caller, request);
        } catch (ApiException | ConstraintViolationException e) {
            metrics.count(Outcome.INVALID);
            throw e;
        }
        Recorded recorded = store(event, request.timestamp() != null);
        metrics.count(recorded.created() ? Outcome.RECORDED : Outcome.REPLAYED);
        return recorded;
    }

    private NewEvent toNewEvent(Caller caller, CustomEventRequest request) {
        if (request == null) {
            throw ApiException.invalid("body", "A JSON request body is required");
        }
        Set<ConstraintViolation<CustomEventRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (EventMapping.isPlatformEventName(request.eventName())) {
            throw ApiException.invalid("eventName", "eventName " + request.eventName()
                    + " is one of the platform's own event names; choose another name");
        }
        ObjectNode payload = payload(request);
        Instant time = request.timestamp() == null ? Instant.now() : DateRange.instant("timestamp", request.timestamp());
        String eventId = request.eventId() != null ? request.eventId() : UUID.randomUUID().toString();
        // PostgreSQL keeps microseconds: the time compared on a replay is the one it stored.
        return new NewEvent(eventId, caller.accountId(), request.agentId(), null, request.executionId(),
                Environment.fromPlatform(caller.environment()), request.eventName(), EVENT_TYPE, payload,
                time.truncatedTo(ChronoUnit.MICROS));
    }

    private ObjectNode payload(CustomEventRequest request) {
        if (!(request.payload() instanceof ObjectNode payload)) {
            throw ApiException.invalid(PAYLOAD, "payload must be a JSON object");
        }
        int size = serializedSize(payload);
        if (size > CustomEventRequest.MAX_PAYLOAD_BYTES) {
            throw ApiException.invalid(PAYLOAD, "payload must be at most " + CustomEventRequest.MAX_PAYLOAD_BYTES
                    + " bytes as JSON; it is " + size);
        }
        return payload;
    }

    private Recorded store(NewEvent event, boolean timeGiven) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                boolean created = repository.insertIfAbsent(event);
                StoredEvent stored = repository.findByEventId(event.accountId(), event.eventId());
                if (!created && !sameEvent(stored, event, timeGiven)) {
                    metrics.count(Outcome.CONFLICT);
                    throw new ApiException(409, ErrorCode.CONFLICT, "eventId " + event.eventId()
                            + " was already recorded with a different event", Map.of("field", "eventId"));
                }
                return new Recorded(view(stored), created);
            });
        } catch (RuntimeException e) {
            if (PermanentFailures.isDataException(e)) {
                // Valid JSON that jsonb refuses: a \u0000 in a string, a number beyond numeric's range.
                metrics.count(Outcome.INVALID);
                throw ApiException.invalid(PAYLOAD, "payload holds a value PostgreSQL cannot store"
                        + " (a \\u0000 character or a number out of range)");
            }
            throw e;
        }
    }

    private boolean sameEvent(StoredEvent stored, NewEvent event, boolean timeGiven) {
        return EVENT_TYPE.equals(stored.eventType)
                && stored.eventName.equals(event.eventName())
                && Objects.equals(stored.sessionId, event.sessionId())
                && Objects.equals(stored.agentId, event.agentId())
                && stored.environment.equals(event.environment().value())
                && (!timeGiven || stored.createdAt.equals(event.createdAt()))
                // jsonb equality: the same JSON whatever the key order or number spelling.
                && repository.payloadEquals(stored.id, event.payload());
    }

    private CustomEvent view(StoredEvent event) {
        return new CustomEvent(event.id, event.eventId, event.agentId, event.sessionId, event.environment,
                event.eventName, StoredPayloads.read(objectMapper, event), IsoTimestamps.format(event.createdAt));
    }

    private int serializedSize(ObjectNode payload) {
        try {
            return objectMapper.writeValueAsBytes(payload).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree always serializes", e);
        }
    }
}
