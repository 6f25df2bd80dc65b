package io.mindmesh.registry.workflow.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A row of {@code workflow_steps}. */
@Embeddable
public class WorkflowStepRow {

    @Column(name = "step_id")
    public String stepId;

    @Column(name = "agent_id")
    public String agentId;

    public String instructions;
}
