package io.mindmesh.registry.workflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepGraphTest {

    @Test
    void aDiamondIsADag() {
        assertDoesNotThrow(() -> StepGraph.check(List.of(
                step("plan"),
                step("emails", "plan"),
                step("posts", "plan"),
                step("review", "emails", "posts"))));
    }

    @Test
    void stepsMayDependOnStepsDeclaredAfterThem() {
        assertDoesNotThrow(() -> StepGraph.check(List.of(step("review", "draft"), step("draft"))));
    }

    @Test
    void aLongChainIsADag() {
        List<WorkflowDefinition.Step> chain = new ArrayList<>();
        chain.add(step("s0"));
        for (int i = 1; i < 50; i++) {
            chain.add(step("s" + i, "s" + (i - 1)));
        }
        assertDoesNotThrow(() -> StepGraph.check(chain));
    }

    @Test
    void aStepIdUsedTwiceIsRefusedAtItsSecondUse() {
        ApiException e = refused(List.of(step("plan"), step("draft", "plan"), step("plan")));

        assertEquals("steps[2].id", e.extra().get("field"));
        assertEquals("Step id plan is used by more than one step", e.getMessage());
    }

    @Test
    void aDependencyOnAnUnknownStepIsRefused() {
        ApiException e = refused(List.of(step("plan"), step("draft", "plan", "research")));

        assertEquals("steps[1].dependsOn", e.extra().get("field"));
        assertEquals("Step draft depends on unknown step research", e.getMessage());
    }

    @Test
    void aStepCannotDependOnItself() {
        ApiException e = refused(List.of(step("plan", "plan")));

        assertEquals("steps[0].dependsOn", e.extra().get("field"));
        assertEquals("Step plan cannot depend on itself", e.getMessage());
    }

    @Test
    void aDependencyListedTwiceIsRefused() {
        ApiException e = refused(List.of(step("plan"), step("draft", "plan", "plan")));

        assertEquals("steps[1].dependsOn", e.extra().get("field"));
        assertEquals("Step draft lists step plan more than once", e.getMessage());
    }

    @Test
    void twoStepsDependingOnEachOtherAreACycle() {
        ApiException e = refused(List.of(step("a", "b"), step("b", "a")));

        assertEquals(400, e.status());
        assertEquals("INVALID_REQUEST", e.code());
        assertEquals("steps", e.extra().get("field"));
        assertEquals("Steps must not depend on each other in a cycle: a -> b -> a (each step depends on the next)",
                e.getMessage());
    }

    @Test
    void aCycleAfterAnAcyclicPrefixIsReportedFromWhereItCloses() {
        ApiException e = refused(List.of(
                step("start"),
                step("a", "start", "c"),
                step("b", "a"),
                step("c", "b")));

        assertEquals("Steps must not depend on each other in a cycle: a -> c -> b -> a (each step depends on the next)",
                e.getMessage());
    }

    @Test
    void theSameCycleIsReportedTheSameWayEveryTime() {
        List<WorkflowDefinition.Step> steps = List.of(step("x", "y"), step("y", "z"), step("z", "x"), step("w", "x"));

        assertEquals(refused(steps).getMessage(), refused(steps).getMessage());
        assertEquals("Steps must not depend on each other in a cycle: x -> y -> z -> x (each step depends on the next)",
                refused(steps).getMessage());
    }

    private static ApiException refused(List<WorkflowDefinition.Step> steps) {
        return assertThrows(ApiException.class, () -> StepGraph.check(steps));
    }

    static WorkflowDefinition.Step step(String id, String... dependsOn) {
        return new WorkflowDefinition.Step(id, "agent_" + id, List.of(dependsOn), "");
    }
}
