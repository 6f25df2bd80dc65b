package io.mindmesh.orchestrator.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One lifecycle event to be sent to an execution's webhook, with its retry state. */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery {

    @Id
    public String id;

    @Column(name = "execution_id", nullable = false)
    public String executionId;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String url;

    /** The body's {@code data} object, as JSON text. */
    @ColumnTransformer(write = "?::json")
    @Column(nullable = false)
    public String data;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** No retry is scheduled after this instant. */
    @Column(name = "retry_until", nullable = false)
    public Instant retryUntil;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** The span that wrote the event (W3C traceparent); each attempt is a client span under it. Null untraced. */
    public String traceparent;
}
