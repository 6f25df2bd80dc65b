package io.mindmesh.analytics.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One stored event. Rows are written only by the consumer's {@code INSERT ... ON CONFLICT DO NOTHING}
 * (see {@code EventRepository#insertIfAbsent}) and never change afterwards, hence {@link Immutable}.
 */
@Entity
@Immutable
@Table(name = "events")
public class StoredEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "agent_id")
    public String agentId;

    @Column(name = "agent_name")
    public String agentName;

    /** The execution id: the analytics API's "session" (docs/public-api.md#event-query). */
    @Column(name = "session_id")
    public String sessionId;

    public String environment;

    @Column(name = "event_name")
    public String eventName;

    /** The CloudEvents type, e.g. {@code io.mindmesh.agent.completed}. */
    @Column(name = "event_type")
    public String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    /** When the event happened (the CloudEvents {@code time}), not when it arrived. */
    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "received_at")
    public Instant receivedAt;
}
