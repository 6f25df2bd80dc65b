package io.mindmesh.orchestrator.execution;

import io.mindmesh.common.request.Caller;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One orchestration: the request, the plan's totals, the lease of the worker running it and the money.
 * JSON columns are PostgreSQL {@code json} (validated, stored as written, key order kept) and kept as
 * text here; the service layer converts them. An update writes only the columns that changed
 * (status, event sequence, lease, outcome): written whole, each of a run's transactions had
 * PostgreSQL parse the unchanged JSON columns again.
 */
@Entity
@Table(name = "executions")
@DynamicUpdate
public class Execution {

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String tier;

    @Column(nullable = false)
    public String environment;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    /** The submitting request's trace (W3C traceparent), continued by whichever replica runs the steps; null untraced. */
    public String traceparent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutionStatus status;

    @Column(nullable = false)
    public String query;

    @ColumnTransformer(write = "?::json")
    public String context;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutionMode mode;

    @Column(name = "aggregation_strategy", nullable = false)
    public AggregationStrategy aggregationStrategy;

    @Column(name = "max_agents", nullable = false)
    public int maxAgents;

    @Column(name = "min_confidence", nullable = false)
    public BigDecimal minConfidence;

    @ColumnTransformer(write = "?::json")
    @Column(nullable = false)
    public String verticals;

    @ColumnTransformer(write = "?::json")
    @Column(name = "required_capabilities", nullable = false)
    public String requiredCapabilities;

    @ColumnTransformer(write = "?::json")
    @Column(name = "rejected_agents", nullable = false)
    public String rejectedAgents;

    @Column(name = "webhook_url")
    public String webhookUrl;

    @ColumnTransformer(write = "?::json")
    @Column(name = "webhook_events")
    public String webhookEvents;

    @Column(name = "webhook_secret")
    public String webhookSecret;

    @Column(name = "estimated_cost", nullable = false)
    public BigDecimal estimatedCost;

    @Column(name = "estimated_duration_ms", nullable = false)
    public long estimatedDurationMs;

    @Column(name = "actual_cost")
    public BigDecimal actualCost;

    @Column(name = "hold_placed", nullable = false)
    public boolean holdPlaced;

    @Column(name = "concurrency_limit", nullable = false)
    public int concurrencyLimit;

    @ColumnTransformer(write = "?::json")
    public String result;

    public String error;

    /** The steps' ends are posted to the run's progress URL (an app run that gave one). */
    @Column(name = "progress_posts", nullable = false)
    public boolean progressPosts;

    /** Position of the last outbox event written for this execution. */
    @Column(name = "event_sequence", nullable = false)
    public long eventSequence;

    /** Incremented by every claim: a worker whose token is older may no longer write. */
    @Column(name = "fencing_token", nullable = false)
    public long fencingToken;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public boolean sandbox() {
        return "test".equals(environment);
    }

    /**
     * Whether {@code caller} may see or act on this execution: only a key of the same account AND
     * the same environment. Live and sandbox executions of one account are separate worlds, so a
     * leaked test key can neither read nor cancel live work (docs/security.md, "Environments").
     */
    public boolean visibleTo(Caller caller) {
        return accountId.equals(caller.accountId()) && environment.equals(caller.environment());
    }
}
