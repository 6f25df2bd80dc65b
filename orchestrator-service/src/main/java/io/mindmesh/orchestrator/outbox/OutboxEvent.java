package io.mindmesh.orchestrator.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A lifecycle event waiting to be (or already) published to Kafka; the payload is the CloudEvent JSON.
 * Read as an entity; written by {@code OutboxRepository#insertAtCommit}, one INSERT per transaction.
 */
@Entity
@Table(name = "outbox_events")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "execution_id", nullable = false)
    public String executionId;

    @Column(nullable = false)
    public long sequence;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @ColumnTransformer(write = "?::json")
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The span that wrote the event (W3C traceparent), sent as the Kafka record's header; null untraced. */
    public String traceparent;
}
