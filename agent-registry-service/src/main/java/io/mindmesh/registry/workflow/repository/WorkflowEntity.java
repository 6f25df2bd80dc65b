package io.mindmesh.registry.workflow.repository;

import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

/**
 * A row of {@code workflows} with its steps, dependencies and variables. Never leaves the
 * service. {@link #define} replaces every child collection at once, so Hibernate deletes the old
 * rows and inserts the new ones; the database checks the references between them at commit.
 */
@Entity
@Table(name = "workflows")
public class WorkflowEntity {

    @Id
    public String id;

    public String slug;

    public String name;

    public String description;

    public int version;

    // Both timestamps are set by the database (default and trigger); updatedAt is read back after each update.
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Generated(event = EventType.UPDATE)
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    @ElementCollection
    @CollectionTable(name = "workflow_steps", joinColumns = @JoinColumn(name = "workflow_id"))
    @OrderColumn(name = "position")
    public List<WorkflowStepRow> steps = new ArrayList<>();

    // Flattened over all steps, in step order then in each step's dependsOn order.
    @ElementCollection
    @CollectionTable(name = "workflow_step_dependencies", joinColumns = @JoinColumn(name = "workflow_id"))
    @OrderColumn(name = "position")
    public List<StepDependencyRow> dependencies = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "workflow_launch_variables", joinColumns = @JoinColumn(name = "workflow_id"))
    @OrderColumn(name = "position")
    public List<LaunchVariableRow> launchVariables = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "workflow_output_variables", joinColumns = @JoinColumn(name = "workflow_id"))
    @OrderColumn(name = "position")
    public List<OutputVariableRow> outputVariables = new ArrayList<>();

    /** Takes the definition's name, description, steps and variables; id, slug and version stay. */
    public void define(WorkflowDefinition definition) {
        name = definition.name();
        description = definition.description();
        steps = new ArrayList<>();
        dependencies = new ArrayList<>();
        for (WorkflowDefinition.Step step : definition.steps()) {
            WorkflowStepRow row = new WorkflowStepRow();
            row.stepId = step.id();
            row.agentId = step.agentId();
            row.instructions = step.instructions();
            steps.add(row);
            for (String dependsOn : step.dependsOn()) {
                StepDependencyRow dependency = new StepDependencyRow();
                dependency.stepId = step.id();
                dependency.dependsOn = dependsOn;
                dependencies.add(dependency);
            }
        }
        launchVariables = new ArrayList<>(definition.launchVariables().stream().map(variable -> {
            LaunchVariableRow row = new LaunchVariableRow();
            row.name = variable.name();
            row.type = variable.type();
            row.required = variable.required();
            row.defaultValue = variable.defaultValue();
            row.description = variable.description();
            return row;
        }).toList());
        outputVariables = new ArrayList<>(definition.outputVariables().stream().map(variable -> {
            OutputVariableRow row = new OutputVariableRow();
            row.name = variable.name();
            row.stepId = variable.stepId();
            row.description = variable.description();
            return row;
        }).toList());
    }

    public WorkflowDefinition toDefinition() {
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        dependencies.forEach(row -> dependsOn.computeIfAbsent(row.stepId, step -> new ArrayList<>()).add(row.dependsOn));
        return new WorkflowDefinition(id, slug, name, description,
                steps.stream().map(row -> new WorkflowDefinition.Step(row.stepId, row.agentId,
                        dependsOn.getOrDefault(row.stepId, List.of()), row.instructions)).toList(),
                launchVariables.stream().map(row -> new WorkflowDefinition.LaunchVariable(row.name, row.type,
                        row.required, row.defaultValue, row.description)).toList(),
                outputVariables.stream().map(row -> new WorkflowDefinition.OutputVariable(row.name, row.stepId,
                        row.description)).toList());
    }

    public Workflow toWorkflow() {
        return Workflow.of(toDefinition(), version, createdAt, updatedAt);
    }
}
