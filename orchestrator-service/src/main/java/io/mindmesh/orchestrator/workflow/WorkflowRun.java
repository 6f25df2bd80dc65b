package io.mindmesh.orchestrator.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** What a run of a catalog workflow keeps beside its execution (see V6__workflow_runs.sql). */
@Entity
@Table(name = "workflow_runs")
public class WorkflowRun {

    public static final String WORKFLOW = "workflow";
    public static final String APP = "app";

    @Id
    @Column(name = "execution_id")
    public String executionId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String environment;

    /** {@link #WORKFLOW} or {@link #APP}: which API started it. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "workflow_id", nullable = false)
    public String workflowId;

    @Column(name = "workflow_slug", nullable = false)
    public String workflowSlug;

    @Column(name = "workflow_name", nullable = false)
    public String workflowName;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "thread_id", nullable = false)
    public UUID threadId;

    @Column(name = "conversation_id")
    public String conversationId;

    /** The caller's variables as sent (JSON object). */
    @ColumnTransformer(write = "?::json")
    @Column(nullable = false)
    public String variables;

    /** {@code [{name, stepId}]} with execution step ids (JSON). */
    @ColumnTransformer(write = "?::json")
    @Column(name = "output_variables", nullable = false)
    public String outputVariables;

    @Column(name = "callback_url")
    public String callbackUrl;

    @Column(name = "callback_enqueued_at")
    public Instant callbackEnqueuedAt;

    @Column(name = "progress_url")
    public String progressUrl;

    @Column(name = "poll_token_hash")
    public String pollTokenHash;

    @Column(name = "poll_expires_at")
    public Instant pollExpiresAt;

    @Column(name = "include_billing_cost", nullable = false)
    public boolean includeBillingCost;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
