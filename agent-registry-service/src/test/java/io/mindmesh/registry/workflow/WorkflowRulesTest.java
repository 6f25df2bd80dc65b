package io.mindmesh.registry.workflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mindmesh.common.error.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowRulesTest {

    private static final Map<String, String> CATALOG = Map.of(
            "agent_plan", "active", "agent_write", "active", "agent_legacy", "deprecated");

    @Test
    void aWellFormedWorkflowPasses() {
        assertDoesNotThrow(() -> WorkflowRules.check(workflow(
                List.of(step("plan", "agent_plan", "Plan {{$launchVariables->topic}} for {{ $launchVariables->audience }}."),
                        step("write", "agent_write", "Write.", "plan")),
                List.of(variable("topic", "string", true, null), variable("audience", "string", false, TextNode.valueOf("all")),
                        variable("words", "number", false, IntNode.valueOf(800)),
                        variable("draft", "boolean", false, BooleanNode.TRUE)),
                List.of(new WorkflowDefinition.OutputVariable("article", "write", ""))), CATALOG));
    }

    @Test
    void theStepGraphIsCheckedFirst() {
        ApiException e = refused(workflow(List.of(step("a", "agent_nobody", "", "b"), step("b", "agent_plan", "", "a")),
                List.of(), List.of()));

        assertEquals("steps", e.extra().get("field"));
    }

    @Test
    void anAgentThatDoesNotExistIsRefused() {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", ""), step("x", "agent_nobody", "")),
                List.of(), List.of()));

        assertEquals("steps[1].agentId", e.extra().get("field"));
        assertEquals("Agent agent_nobody does not exist", e.getMessage());
    }

    @Test
    void aDeprecatedAgentIsRefused() {
        ApiException e = refused(workflow(List.of(step("old", "agent_legacy", "")), List.of(), List.of()));

        assertEquals("steps[0].agentId", e.extra().get("field"));
        assertEquals("Agent agent_legacy is deprecated and cannot be used in a workflow", e.getMessage());
    }

    @Test
    void aLaunchVariableDeclaredTwiceIsRefused() {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", "")),
                List.of(variable("topic", "string", true, null), variable("topic", "number", false, null)), List.of()));

        assertEquals("launchVariables[1].name", e.extra().get("field"));
        assertEquals("Launch variable topic is declared more than once", e.getMessage());
    }

    @Test
    void aRequiredVariableCannotHaveADefault() {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", "")),
                List.of(variable("topic", "string", true, TextNode.valueOf("dogs"))), List.of()));

        assertEquals("launchVariables[0].default", e.extra().get("field"));
        assertEquals("Launch variable topic is required, so it cannot have a default", e.getMessage());
    }

    @Test
    void aDefaultMustHaveTheVariablesType() {
        assertDefaultRefused("number", TextNode.valueOf("800"), "The default of launch variable v must be a number");
        assertDefaultRefused("string", IntNode.valueOf(3), "The default of launch variable v must be a string");
        assertDefaultRefused("boolean", TextNode.valueOf("true"), "The default of launch variable v must be a boolean");
    }

    @Test
    void instructionsMayOnlyUseDeclaredLaunchVariables() {
        ApiException e = refused(workflow(
                List.of(step("plan", "agent_plan", "Plan {{$launchVariables->topic}}."),
                        step("write", "agent_write", "Write about {{$launchVariables->subject}}.", "plan")),
                List.of(variable("topic", "string", true, null)), List.of()));

        assertEquals("steps[1].instructions", e.extra().get("field"));
        assertEquals("Step write uses launch variable subject, which launchVariables does not declare", e.getMessage());
    }

    @Test
    void anOutputVariableDeclaredTwiceIsRefused() {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", "")), List.of(),
                List.of(new WorkflowDefinition.OutputVariable("brief", "plan", ""),
                        new WorkflowDefinition.OutputVariable("brief", "plan", ""))));

        assertEquals("outputVariables[1].name", e.extra().get("field"));
        assertEquals("Output variable brief is declared more than once", e.getMessage());
    }

    @Test
    void anOutputVariableMustNameAStepOfTheWorkflow() {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", "")), List.of(),
                List.of(new WorkflowDefinition.OutputVariable("brief", "draft", ""))));

        assertEquals("outputVariables[0].stepId", e.extra().get("field"));
        assertEquals("Output variable brief refers to unknown step draft", e.getMessage());
    }

    private static void assertDefaultRefused(String type, JsonNode value, String message) {
        ApiException e = refused(workflow(List.of(step("plan", "agent_plan", "")),
                List.of(variable("v", type, false, value)), List.of()));

        assertEquals("launchVariables[0].default", e.extra().get("field"));
        assertEquals(message, e.getMessage());
    }

    private static ApiException refused(WorkflowDefinition workflow) {
        return assertThrows(ApiException.class, () -> WorkflowRules.check(workflow, CATALOG));
    }

    private static WorkflowDefinition workflow(List<WorkflowDefinition.Step> steps,
            List<WorkflowDefinition.LaunchVariable> launchVariables, List<WorkflowDefinition.OutputVariable> outputs) {
        return new WorkflowDefinition(null, "test-flow", "Test flow", "", steps, launchVariables, outputs);
    }

    private static WorkflowDefinition.Step step(String id, String agentId, String instructions, String... dependsOn) {
        return new WorkflowDefinition.Step(id, agentId, List.of(dependsOn), instructions);
    }

    private static WorkflowDefinition.LaunchVariable variable(String name, String type, boolean required, JsonNode value) {
        return new WorkflowDefinition.LaunchVariable(name, type, required, value, "");
    }
}
