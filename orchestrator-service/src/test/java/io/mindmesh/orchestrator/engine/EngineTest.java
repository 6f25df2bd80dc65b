package io.mindmesh.orchestrator.engine;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitStatus;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sandbox executions run end to end by the real scheduler and engine with simulated agents. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class EngineTest {

    @Inject
    TestExecutions executions;

    @Test
    void parallelRunsEveryAgentAndMergesTheirOutputs() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, flat(
                TestAgents.simulated("email-campaign-agent", "0.92", 800),
                TestAgents.simulated("social-media-agent", "0.85", 500)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(List.of("COMPLETED", "COMPLETED"), view.getList("steps.status"));
        assertEquals(List.of(List.of(), List.of()), view.getList("steps.dependsOn"));
        assertEquals("email-campaign-agent", view.getString("result.email-campaign-agent.agent"));
        assertEquals("social-media-agent", view.getString("result.social-media-agent.agent"));
        assertEquals(800, view.getLong("estimatedDuration"), "PARALLEL is quoted the slowest agent's latency");
        assertCosts(view, "0.44", "0.44", "0.20", "0.20");
    }

    @Test
    void sequentialHandsEachOutputToTheNextAgentInSelectionOrder() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.SEQUENTIAL, AggregationStrategy.BEST, flat(
                TestAgents.simulated("first", "0.95", 100),
                TestAgents.simulated("second", "0.90", 200),
                TestAgents.simulated("third", "0.80", 300)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(List.of("first", "second", "third"), view.getList("steps.agentName"));
        assertEquals(List.of(), view.getList("steps[0].dependsOn"));
        assertEquals(List.of(view.getString("steps[0].stepId")), view.getList("steps[1].dependsOn"));
        assertEquals(List.of(view.getString("steps[1].stepId")), view.getList("steps[2].dependsOn"));
        assertEquals(Map.of(), view.getMap("steps[0].output.upstream"));
        assertEquals(List.of("first"), List.copyOf(view.getMap("steps[1].output.upstream").keySet()));
        assertEquals(List.of("second"), List.copyOf(view.getMap("steps[2].output.upstream").keySet()));
        assertStartsAfter(view, 1, 0);
        assertStartsAfter(view, 2, 1);
        assertEquals("first", view.getString("result.agent"), "best picks the most confident agent");
        assertEquals(600, view.getLong("estimatedDuration"), "SEQUENTIAL is quoted the sum of latencies");
        assertCosts(view, "0.66", "0.66", "0.20", "0.20", "0.20");
    }

    @Test
    void dagWiresAgentsByWhatTheyConsumeAndProduceAndRunsBranchesSideBySide() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.DAG, AggregationStrategy.CUSTOM, flat(
                TestAgents.wired("report", List.of("stock_plan", "shipment_plan"), List.of("q4_report"), 100),
                TestAgents.wired("forecast", List.of(), List.of("demand_forecast"), 100),
                TestAgents.wired("inventory", List.of("demand_forecast"), List.of("stock_plan"), 200_000),
                TestAgents.wired("shipping", List.of("demand_forecast"), List.of("shipment_plan"), 200_000)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        String report = view.getString("steps[0].stepId");
        String forecast = view.getString("steps[1].stepId");
        String inventory = view.getString("steps[2].stepId");
        String shipping = view.getString("steps[3].stepId");
        assertEquals(List.of(inventory, shipping), view.getList("steps[0].dependsOn"));
        assertEquals(List.of(), view.getList("steps[1].dependsOn"));
        assertEquals(List.of(forecast), view.getList("steps[2].dependsOn"));
        assertEquals(List.of(forecast), view.getList("steps[3].dependsOn"));
        assertEquals(List.of("inventory", "shipping"), List.copyOf(view.getMap("steps[0].output.upstream").keySet()));
        assertStartsAfter(view, 2, 1);
        assertStartsAfter(view, 0, 2);
        assertStartsAfter(view, 0, 3);
        // The two branches overlap: each started before the other finished.
        assertTrue(instant(view, "steps[2].startedAt").isBefore(instant(view, "steps[3].completedAt")));
        assertTrue(instant(view, "steps[3].startedAt").isBefore(instant(view, "steps[2].completedAt")));
        assertEquals(200_200, view.getLong("estimatedDuration"), "DAG is quoted its critical path");
        // custom: each field from the most confident agent that has it; equal confidence goes to plan order.
        assertEquals("report", view.getString("result.sources.agent"));
        assertEquals("report", view.getString("result.output.agent"));
        assertCosts(view, "0.88", "0.88", "0.20", "0.20", "0.20", "0.20");
    }

    @Test
    void aFailureInSequentialModeStopsTheChain() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE, flat(
                TestAgents.simulated("researcher", "0.9", 10),
                TestAgents.failing("flaky-writer", "0.8"),
                TestAgents.simulated("publisher", "0.7", 10)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("FAILED", view.getString("status"));
        assertEquals(List.of("COMPLETED", "FAILED", "SKIPPED"), view.getList("steps.status"));
        assertEquals(2, view.getInt("steps[1].attempts"), "a failed agent is retried once before the step fails");
        assertTrue(view.getString("steps[1].error").startsWith("Simulated failure of agent flaky-writer"));
        assertNull(view.get("steps[1].cost"));
        assertTrue(view.getString("error").contains("flaky-writer"));
        assertNull(view.get("result"));
        // Only the researcher's step is charged: 0.20 and the 10 % fee on it, 0.02.
        assertCosts(view, "0.66", "0.22", "0.20", null, null);
    }

    @Test
    void parallelModeCompletesWithTheAgentsThatSucceeded() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, flat(
                TestAgents.simulated("steady", "0.9", 10),
                TestAgents.failing("broken", "0.95")));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(List.of("COMPLETED", "FAILED"), view.getList("steps.status"));
        assertEquals(List.of("steady"), List.copyOf(view.getMap("result").keySet()));
        assertCosts(view, "0.44", "0.22", "0.20", null);
    }

    @Test
    void parallelModeFailsWhenEveryAgentFailsAndCostsNothing() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.VOTE, List.of(
                TestAgents.failing("broken-a", "0.9"),
                TestAgents.failing("broken-b", "0.8")));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("FAILED", view.getString("status"));
        assertTrue(view.getString("error").startsWith("Every agent failed."));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(view.getString("actualCost"))), "nothing is charged");
    }

    @Test
    void voteBetweenOutputsThatAllDifferIsATieWonByTheMostConfidentAgent() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.VOTE, List.of(
                TestAgents.simulated("judge-a", "0.6", 10),
                TestAgents.simulated("judge-b", "0.9", 10)));

        JsonPath view = awaitFinished(caller, id);

        // Simulated agents never agree (each output names its agent): a tie of one vote each, won by the
        // more confident agent although it was selected second. A real majority is HttpAgentsTest's.
        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(1, view.getInt("result.votes"));
        assertEquals(2, view.getInt("result.of"));
        assertEquals(List.of("judge-b"), view.getList("result.agents"));
    }

    @Test
    void cancelStopsRunningAgentsAndChargesNothingForThem() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, List.of(
                TestAgents.simulated("slow-a", "0.9", 6_000_000),
                TestAgents.simulated("slow-b", "0.8", 6_000_000)));
        awaitStatus(caller, id, "RUNNING");
        await().until(() -> TestExecutions.view(caller, id).getList("steps.status")
                .equals(List.of("RUNNING", "RUNNING")));

        as(caller).when().post("/v1/executions/" + id + "/cancel").then()
                .statusCode(oneOf(200, 202))
                .body("executionId", equalTo(id));
        JsonPath view = awaitFinished(caller, id);

        assertEquals("CANCELLED", view.getString("status"));
        assertEquals(List.of("CANCELLED", "CANCELLED"), view.getList("steps.status"));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(view.getString("actualCost"))), "nothing is charged");
        assertEquals("Execution was cancelled", view.getString("error"));
        as(caller).when().post("/v1/executions/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void cancellingAFinishedExecutionIsAConflict() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("quick", "0.9", 10)));
        awaitFinished(caller, id);

        as(caller).when().post("/v1/executions/" + id + "/cancel").then()
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("message", equalTo("Execution " + id + " has already finished with status COMPLETED"));
    }

    @Test
    void cancellingAnotherAccountsExecutionIsNotFound() {
        Caller owner = TestCallers.sandbox();
        String id = executions.accept(owner, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("quick", "0.9", 10)));

        as(TestCallers.sandbox()).when().post("/v1/executions/" + id + "/cancel").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    /** The agents at a flat 0.20 per completed step (their units vary with the output digest). */
    private static List<SelectedAgent> flat(SelectedAgent... agents) {
        return Arrays.stream(agents).map(TestAgents::flatPriced).toList();
    }

    /**
     * The quote, what the run costs (a sandbox run moves no money, but is priced as a live one) and
     * each step's cost in plan order, null for a step that did not complete: literal amounts.
     */
    private static void assertCosts(JsonPath view, String estimated, String actual, String... steps) {
        assertEquals(decimal(estimated), decimal(view.getString("estimatedCost")), "estimatedCost");
        assertEquals(decimal(actual), decimal(view.getString("actualCost")), "actualCost");
        assertEquals(Arrays.stream(steps).map(EngineTest::decimal).toList(),
                view.getList("steps.cost", String.class).stream().map(EngineTest::decimal).toList(), "steps.cost");
    }

    private static BigDecimal decimal(String amount) {
        return amount == null ? null : new BigDecimal(amount).stripTrailingZeros();
    }

    private static void assertStartsAfter(JsonPath view, int later, int earlier) {
        Instant start = instant(view, "steps[" + later + "].startedAt");
        Instant end = instant(view, "steps[" + earlier + "].completedAt");
        assertTrue(!start.isBefore(end), "step " + later + " started after step " + earlier + " completed");
    }

    private static Instant instant(JsonPath view, String path) {
        return Instant.parse(view.getString(path));
    }
}
