package io.mindmesh.orchestrator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.TestAgents;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    private static final List<SelectedAgent> SUPPLY_CHAIN = List.of(
            TestAgents.wired("report", List.of("stock_plan", "shipment_plan"), List.of("q4_report"), 100),
            TestAgents.wired("forecast", List.of(), List.of("demand_forecast"), 300),
            TestAgents.wired("inventory", List.of("demand_forecast"), List.of("stock_plan"), 500),
            TestAgents.wired("shipping", List.of("demand_forecast"), List.of("shipment_plan"), 200));
    private static final List<Long> LATENCIES = List.of(100L, 300L, 500L, 200L);

    @Test
    void parallelHasNoEdgesAndLastsAsLongAsTheSlowestAgent() {
        DependencyGraph graph = DependencyGraph.of(ExecutionMode.PARALLEL, SUPPLY_CHAIN);
        for (int i = 0; i < 4; i++) {
            assertEquals(Set.of(), graph.dependenciesOf(i));
        }
        assertEquals(500, graph.criticalPathMs(LATENCIES));
    }

    @Test
    void sequentialChainsAgentsInSelectionOrderAndLastsTheSum() {
        DependencyGraph graph = DependencyGraph.of(ExecutionMode.SEQUENTIAL, SUPPLY_CHAIN);
        assertEquals(Set.of(), graph.dependenciesOf(0));
        assertEquals(Set.of(0), graph.dependenciesOf(1));
        assertEquals(Set.of(1), graph.dependenciesOf(2));
        assertEquals(Set.of(2), graph.dependenciesOf(3));
        assertEquals(List.of(0, 1, 2, 3), graph.topologicalOrder());
        assertEquals(1100, graph.criticalPathMs(LATENCIES));
    }

    @Test
    void dagLinksEachConsumerToTheProducersOfWhatItConsumes() {
        DependencyGraph graph = DependencyGraph.of(ExecutionMode.DAG, SUPPLY_CHAIN);
        assertEquals(Set.of(2, 3), graph.dependenciesOf(0));
        assertEquals(Set.of(), graph.dependenciesOf(1));
        assertEquals(Set.of(1), graph.dependenciesOf(2));
        assertEquals(Set.of(1), graph.dependenciesOf(3));
        assertEquals(List.of(1, 2, 3, 0), graph.topologicalOrder());
        // forecast 300 → inventory 500 → report 100: the branch through shipping (200) is shorter.
        assertEquals(900, graph.criticalPathMs(LATENCIES));
    }

    @Test
    void anAgentConsumingWhatItProducesIsNotItsOwnDependency() {
        DependencyGraph graph = DependencyGraph.of(ExecutionMode.DAG,
                List.of(TestAgents.wired("refiner", List.of("draft"), List.of("draft"), 10)));
        assertEquals(Set.of(), graph.dependenciesOf(0));
    }

    @Test
    void aCycleIsRefusedAndNamed() {
        List<SelectedAgent> cyclic = List.of(
                TestAgents.wired("planner", List.of("feedback"), List.of("plan"), 10),
                TestAgents.wired("executor", List.of("plan"), List.of("result"), 10),
                TestAgents.wired("critic", List.of("result"), List.of("feedback"), 10));
        DependencyCycleException e = assertThrows(DependencyCycleException.class,
                () -> DependencyGraph.of(ExecutionMode.DAG, cyclic));
        assertEquals(List.of("planner", "critic", "executor", "planner"), e.cycle());
        assertEquals("The selected agents depend on each other in a cycle: planner -> critic -> executor -> planner",
                e.getMessage());
    }

    @Test
    void theSameCyclicAgentsRunFineSequentiallyOrInParallel() {
        List<SelectedAgent> cyclic = List.of(
                TestAgents.wired("a", List.of("y"), List.of("x"), 10),
                TestAgents.wired("b", List.of("x"), List.of("y"), 10));
        assertEquals(Set.of(0), DependencyGraph.of(ExecutionMode.SEQUENTIAL, cyclic).dependenciesOf(1));
        assertEquals(Set.of(), DependencyGraph.of(ExecutionMode.PARALLEL, cyclic).dependenciesOf(1));
    }
}
