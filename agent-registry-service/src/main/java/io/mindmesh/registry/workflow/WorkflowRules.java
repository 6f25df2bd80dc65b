package io.mindmesh.registry.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.registry.agent.AgentStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a workflow definition must follow beyond each field's own format, checked in the order
 * a reader would: the step graph, the agents, the launch variables, the references to them in
 * step instructions, the output variables. Pure: the catalog comes in as agent statuses.
 */
public final class WorkflowRules {

    /**
     * How a workflow refers to a launch variable: {@code {{$launchVariables->topic}}}
     * (docs/public-api.md#launch-variables).
     */
    private static final Pattern LAUNCH_VARIABLE_REFERENCE = Pattern.compile("\\{\\{\\s*\\$launchVariables->([^}\\s]*)\\s*}}");

    private WorkflowRules() {
    }

    /**
     * @param agentStatuses the status of every agent the steps name that exists in the catalog
     * @throws ApiException 400 INVALID_REQUEST naming the offending field
     */
    public static void check(WorkflowDefinition workflow, Map<String, String> agentStatuses) {
        StepGraph.check(workflow.steps());
        checkAgents(workflow.steps(), agentStatuses);
        checkLaunchVariables(workflow.launchVariables());
        checkReferences(workflow.steps(), workflow.launchVariables());
        checkOutputVariables(workflow.outputVariables(), workflow.steps());
    }

    private static void checkAgents(List<WorkflowDefinition.Step> steps, Map<String, String> agentStatuses) {
        for (int i = 0; i < steps.size(); i++) {
            String agentId = steps.get(i).agentId();
            String status = agentStatuses.get(agentId);
            if (status == null) {
                throw ApiException.invalid("steps[" + i + "].agentId", "Agent " + agentId + " does not exist");
            }
            if (!AgentStatus.ACTIVE.equals(status)) {
                throw ApiException.invalid("steps[" + i + "].agentId",
                        "Agent " + agentId + " is deprecated and cannot be used in a workflow");
            }
        }
    }

    private static void checkLaunchVariables(List<WorkflowDefinition.LaunchVariable> variables) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variables.size(); i++) {
            WorkflowDefinition.LaunchVariable variable = variables.get(i);
            String field = "launchVariables[" + i + "]";
            if (!names.add(variable.name())) {
                throw ApiException.invalid(field + ".name",
                        "Launch variable " + variable.name() + " is declared more than once");
            }
            if (variable.defaultValue() == null) {
                continue;
            }
            if (variable.required()) {
                throw ApiException.invalid(field + ".default",
                        "Launch variable " + variable.name() + " is required, so it cannot have a default");
            }
            if (!hasType(variable.defaultValue(), variable.type())) {
                throw ApiException.invalid(field + ".default",
                        "The default of launch variable " + variable.name() + " must be a " + variable.type());
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static void checkReferences(List<WorkflowDefinition.Step> steps,
            List<WorkflowDefinition.LaunchVariable> variables) {
        Set<String> declared = new HashSet<>();
        variables.forEach(variable -> declared.add(variable.name()));
        for (int i = 0; i < steps.size(); i++) {
            Matcher reference = LAUNCH_VARIABLE_REFERENCE.matcher(steps.get(i).instructions());
            while (reference.find()) {
                if (!declared.contains(reference.group(1))) {
                    throw ApiException.invalid("steps[" + i + "].instructions", "Step " + steps.get(i).id()
                            + " uses launch variable " + reference.group(1) + ", which launchVariables does not declare");
                }
            }
        }
    }

    private static void checkOutputVariables(List<WorkflowDefinition.OutputVariable> variables,
            List<WorkflowDefinition.Step> steps) {
        Set<String> stepIds = new HashSet<>();
        steps.forEach(step -> stepIds.add(step.id()));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variables.size(); i++) {
            WorkflowDefinition.OutputVariable variable = variables.get(i);
            if (!names.add(variable.name())) {
                throw ApiException.invalid("outputVariables[" + i + "].name",
                        "Output variable " + variable.name() + " is declared more than once");
            }
            if (!stepIds.contains(variable.stepId())) {
                throw ApiException.invalid("outputVariables[" + i + "].stepId",
                        "Output variable " + variable.name() + " refers to unknown step " + variable.stepId());
            }
        }
    }
}
