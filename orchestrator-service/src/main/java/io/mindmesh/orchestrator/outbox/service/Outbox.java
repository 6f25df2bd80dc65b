package io.mindmesh.orchestrator.outbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.Notifications;
import io.mindmesh.orchestrator.outbox.EventAppended;
import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes lifecycle events into the outbox inside the caller's transaction, so that an event
 * exists exactly when the state change it reports was committed.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository repository;
    private final ObjectMapper mapper;
    private final Event<EventAppended> appended;
    private final Notifications notifications;
    private final Tracing tracing;

    public Outbox(OutboxRepository repository, ObjectMapper mapper, Event<EventAppended> appended,
            Notifications notifications, Tracing tracing) {
        this.tracing = tracing;
        this.repository = repository;
        this.mapper = mapper;
        this.appended = appended;
        this.notifications = notifications;
    }

    /**
     * Appends the execution's next event. The caller holds the execution's row (new, or locked), so
     * the per-execution sequence has no gaps and no duplicates. {@link EventAppended} observers
     * (the webhook delivery) write in the same transaction; {@code steps} are the steps the event
     * reports, passed on to them. The commit notifies every replica's relay, and the streams of the
     * execution open on other replicas; this replica's streams observe the commit itself. The event
     * belongs to the span that writes it, or else (a job with no span of its own) to the trace of the
     * request that submitted the execution.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PlatformEvent append(Execution execution, EventType type, ExecutionEventData data,
            List<ExecutionStep> steps) {
        execution.eventSequence++;
        Instant now = Instant.now();
        UUID eventId = UUID.randomUUID();
        PlatformEvent event = PlatformEvent.of(eventId.toString(), type, execution.id, now, execution.accountId,
                execution.environment, execution.requestId, execution.eventSequence, data);
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.executionId = execution.id;
        row.sequence = execution.eventSequence;
        row.eventType = type.publicName();
        row.payload = json(event);
        row.createdAt = now;
        String current = tracing.currentTraceparent();
        row.traceparent = current != null ? current : execution.traceparent;
        repository.insertAtCommit(row);
        appended.fire(new EventAppended(execution, event, steps, row.traceparent));
        notifications.onCommit(Channel.EVENTS, execution.id);
        return event;
    }

    private String json(PlatformEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event could not be serialised", e);
        }
    }
}
