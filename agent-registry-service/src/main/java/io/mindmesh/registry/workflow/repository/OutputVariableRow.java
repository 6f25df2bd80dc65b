package io.mindmesh.registry.workflow.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A row of {@code workflow_output_variables}. */
@Embeddable
public class OutputVariableRow {

    public String name;

    @Column(name = "step_id")
    public String stepId;

    public String description;
}
