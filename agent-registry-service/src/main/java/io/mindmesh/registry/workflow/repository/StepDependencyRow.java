package io.mindmesh.registry.workflow.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A row of {@code workflow_step_dependencies}: step {@code stepId} runs after {@code dependsOn}. */
@Embeddable
public class StepDependencyRow {

    @Column(name = "step_id")
    public String stepId;

    @Column(name = "depends_on_step_id")
    public String dependsOn;
}
