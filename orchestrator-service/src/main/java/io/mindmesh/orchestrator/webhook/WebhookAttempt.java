package io.mindmesh.orchestrator.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One attempt of a delivery, as the delivery log shows it. */
@Entity
@Table(name = "webhook_attempts")
public class WebhookAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "delivery_id", nullable = false)
    public String deliveryId;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** The receiver's HTTP status; null when no answer came (connection error, timeout, refused address). */
    @Column(name = "status_code")
    public Integer statusCode;

    public String error;

    /** When the next attempt is due; null when this was the last one. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
}
