package io.mindmesh.registry.workflow;

import java.time.Instant;
import java.util.List;

/** A workflow of the catalog as the API shows it: its current definition and lifecycle fields. */
public record Workflow(
        String id,
        String slug,
        String name,
        String description,
        List<WorkflowDefinition.Step> steps,
        List<WorkflowDefinition.LaunchVariable> launchVariables,
        List<WorkflowDefinition.OutputVariable> outputVariables,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    public static Workflow of(WorkflowDefinition definition, int version, Instant createdAt, Instant updatedAt) {
        return new Workflow(definition.id(), definition.slug(), definition.name(), definition.description(),
                definition.steps(), definition.launchVariables(), definition.outputVariables(), version, createdAt,
                updatedAt);
    }
}
