package io.mindmesh.orchestrator.execution;

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
 * One selected agent of an execution: planned at submission, then run, retried, completed or failed.
 * An update writes only the columns that changed, not the agent's JSON again.
 */
@Entity
@Table(name = "execution_steps")
@DynamicUpdate
public class ExecutionStep {

    @Id
    @Column(name = "step_id")
    public String stepId;

    @Column(name = "execution_id", nullable = false)
    public String executionId;

    /** 1-based order of selection (highest confidence first); SEQUENTIAL runs in this order. */
    @Column(nullable = false)
    public int position;

    @Column(name = "agent_id", nullable = false)
    public String agentId;

    @Column(name = "agent_name", nullable = false)
    public String agentName;

    public String vertical;

    @Column(nullable = false)
    public BigDecimal confidence;

    @Column(name = "estimated_cost", nullable = false)
    public BigDecimal estimatedCost;

    /** The registry's agent entry at selection time (pricing, runtime, consumes/produces). */
    @ColumnTransformer(write = "?::json")
    @Column(nullable = false)
    public String agent;

    /** Step ids this step waits for (JSON array). */
    @ColumnTransformer(write = "?::json")
    @Column(name = "depends_on", nullable = false)
    public String dependsOn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "duration_ms")
    public Long durationMs;

    public BigDecimal units;

    /** Tokens an llm agent's endpoint reported (null for other runtimes); {@code units} is their sum. */
    @Column(name = "input_tokens")
    public Long inputTokens;

    @Column(name = "output_tokens")
    public Long outputTokens;

    public BigDecimal cost;

    @ColumnTransformer(write = "?::json")
    public String output;

    @Column(name = "output_confidence")
    public BigDecimal outputConfidence;

    public String error;

    /** What the step asks of its agent beside the query; empty for an orchestration's steps. */
    @Column(nullable = false)
    public String instructions;
}
