package io.mindmesh.orchestrator.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A workflow of the registry's catalog: a DAG of agent steps, the launch variables a run is given
 * and the output variables it returns (each the output of one step).
 */
public record CatalogWorkflow(String id, String slug, String name, String description, List<Step> steps,
        List<LaunchVariable> launchVariables, List<OutputVariable> outputVariables) {

    public CatalogWorkflow {
        steps = steps == null ? List.of() : List.copyOf(steps);
        launchVariables = launchVariables == null ? List.of() : List.copyOf(launchVariables);
        outputVariables = outputVariables == null ? List.of() : List.copyOf(outputVariables);
    }

    /** One agent call; {@code dependsOn} names other steps of the workflow. */
    public record Step(String id, String agentId, List<String> dependsOn, String instructions) {

        public Step {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            instructions = instructions == null ? "" : instructions;
        }
    }

    /** {@code type} is string, number or boolean; a required variable has no default. */
    public record LaunchVariable(String name, String type, boolean required,
            @JsonProperty("default") JsonNode defaultValue, String description) {
    }

    /** A named result of a run: the output of step {@code stepId}. */
    public record OutputVariable(String name, String stepId, String description) {
    }
}
