package io.mindmesh.orchestrator.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The workflow step an execution step runs. */
@Entity
@Table(name = "workflow_run_steps")
public class WorkflowRunStep {

    @Id
    @Column(name = "step_id")
    public String stepId;

    @Column(name = "execution_id", nullable = false)
    public String executionId;

    @Column(name = "workflow_step_id", nullable = false)
    public String workflowStepId;
}
