package io.mindmesh.orchestrator.acceptance;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.AgentServer;
import io.mindmesh.orchestrator.support.AgentServer.Reply;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.StubRegistry;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live executions through the public API ({@code POST /v1/orchestrate}, {@code GET
 * /v1/executions/{id}}) with real HTTP agents that the test starts. The registry and the wallet are
 * remote services: they are replaced at their client beans, the registry selecting the test's
 * agents, the wallet keeping holds by its contract so that what was charged and released shows.
 */
@QuarkusTest
@TestProfile(HttpAgentsTest.ShortLimits.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class HttpAgentsTest {

    /** A short execution timeout and a small, quick circuit breaker, so that both show within a test. */
    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "orchestrator.engine.execution-timeout", "8s",
                    "orchestrator.http-runtime.circuit-breaker.request-volume", "4",
                    "orchestrator.http-runtime.circuit-breaker.delay", "4s");
        }
    }

    @Inject
    MeterRegistry metrics;

    private final List<AgentServer> servers = new ArrayList<>();
    private RecordingWallet wallet;
    private Caller caller;

    @BeforeEach
    void replaceWallet() {
        wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
        caller = TestCallers.live();
    }

    @AfterEach
    void stopAgents() {
        servers.forEach(AgentServer::close);
    }

    // ---- modes ----------------------------------------------------------------------------------

    @Test
    void parallelCallsEveryAgentBeforeAnyOfThemAnswers() {
        // Each agent answers only once all five calls have arrived (or after 10 s): called one after
        // another, the first would answer before the second was called.
        CountDownLatch allCalled = new CountDownLatch(5);
        List<AgentServer> writers = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> serve(AgentServer.start((request, call) -> {
                    allCalled.countDown();
                    awaitQuietly(allCalled);
                    return Reply.output("\"draft " + i + "\"", "0.9", 0);
                }))).toList();
        List<SelectedAgent> agents = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> TestAgents.http("writer-" + i, writers.get(i - 1).endpoint(), "0.9")).toList();

        JsonPath view = run("PARALLEL", "merge", agents);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals("draft 3", view.getString("result.writer-3"));
        // As the agents saw it: the last call arrived before the first answer was sent.
        List<AgentServer.Call> calls = writers.stream().map(w -> w.calls().getFirst()).toList();
        Instant lastCall = calls.stream().map(AgentServer.Call::receivedAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstAnswer = calls.stream().map(AgentServer.Call::answeredAt).min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(lastCall.isBefore(firstAnswer), "every agent was called before any answered: last call at "
                + lastCall + ", first answer at " + firstAnswer);
        assertTrue(latest(view, "steps.startedAt").isBefore(earliest(view, "steps.completedAt")),
                "every step started before any finished: " + view.getList("steps.startedAt") + " "
                        + view.getList("steps.completedAt"));
        assertCharged(view, "1.10"); // 5 × 0.20 + the 10 % fee
    }

    @Test
    void sequentialHandsEachOutputToTheNextAgent() {
        AgentServer research = serve(AgentServer.answering("{\"facts\": [\"fast\", \"cheap\"]}", "0.95", 0));
        AgentServer write = serve(AgentServer.answering("{\"draft\": \"Fast and cheap\"}", "0.9", 0));
        AgentServer edit = serve(AgentServer.answering("{\"final\": \"Fast, cheap, yours\"}", "0.85", 0));

        JsonPath view = run("SEQUENTIAL", "best", List.of(
                TestAgents.http("research", research.endpoint(), "0.95"),
                TestAgents.http("write", write.endpoint(), "0.9"),
                TestAgents.http("edit", edit.endpoint(), "0.85")));

        assertEquals("COMPLETED", view.getString("status"));
        JsonNode first = research.calls().getFirst().body();
        JsonNode second = write.calls().getFirst().body();
        JsonNode third = edit.calls().getFirst().body();
        assertEquals(0, first.get("upstream").size());
        assertEquals("fast", second.at("/upstream/research/facts/0").asText());
        assertEquals(1, second.get("upstream").size());
        assertEquals("Fast and cheap", third.at("/upstream/write/draft").asText());
        assertEquals(1, third.get("upstream").size());
        assertEquals(view.getString("executionId"), third.get("executionId").asText());
        assertEquals(view.getString("steps[2].stepId"), third.get("stepId").asText());
        assertEquals(1, third.get("attempt").asInt());
        assertEquals("Write a launch email", third.get("query").asText());
        assertTrue(!write.calls().getFirst().receivedAt().isBefore(research.calls().getFirst().answeredAt()));
        assertTrue(!edit.calls().getFirst().receivedAt().isBefore(write.calls().getFirst().answeredAt()));
        assertEquals("research", view.getString("result.agent"), "best: the most confident agent");
        assertCharged(view, "0.66"); // 3 × 0.20 + the 10 % fee
    }

    @Test
    void dagKeepsItsEdgesAndRunsIndependentBranchesSideBySide() {
        AgentServer forecast = serve(AgentServer.answering("{\"units\": 1200}", "0.9", 0));
        AgentServer inventory = serve(AgentServer.answering("{\"stock\": \"order 300\"}", "0.9", 300));
        AgentServer shipping = serve(AgentServer.answering("{\"trucks\": 4}", "0.9", 300));
        AgentServer report = serve(AgentServer.answering("{\"report\": \"Q4 ready\"}", "0.9", 0));

        JsonPath view = run("DAG", "merge", List.of(
                TestAgents.http("report", report.endpoint(), "0.9", List.of("stock_plan", "shipment_plan"),
                        List.of("q4_report"), null),
                TestAgents.http("forecast", forecast.endpoint(), "0.9", List.of(), List.of("demand_forecast"), null),
                TestAgents.http("inventory", inventory.endpoint(), "0.9", List.of("demand_forecast"),
                        List.of("stock_plan"), null),
                TestAgents.http("shipping", shipping.endpoint(), "0.9", List.of("demand_forecast"),
                        List.of("shipment_plan"), null)));

        assertEquals("COMPLETED", view.getString("status"));
        AgentServer.Call forecastCall = forecast.calls().getFirst();
        AgentServer.Call inventoryCall = inventory.calls().getFirst();
        AgentServer.Call shippingCall = shipping.calls().getFirst();
        AgentServer.Call reportCall = report.calls().getFirst();
        // Edges: a consumer is called only once its producers answered, and receives their outputs.
        assertTrue(!inventoryCall.receivedAt().isBefore(forecastCall.answeredAt()));
        assertTrue(!shippingCall.receivedAt().isBefore(forecastCall.answeredAt()));
        assertTrue(!reportCall.receivedAt().isBefore(inventoryCall.answeredAt()));
        assertTrue(!reportCall.receivedAt().isBefore(shippingCall.answeredAt()));
        assertEquals(1200, inventoryCall.body().at("/upstream/forecast/units").asInt());
        assertEquals("order 300", reportCall.body().at("/upstream/inventory/stock").asText());
        assertEquals(4, reportCall.body().at("/upstream/shipping/trucks").asInt());
        // Branches: inventory and shipping were in flight at the same time.
        assertTrue(inventoryCall.receivedAt().isBefore(shippingCall.answeredAt()));
        assertTrue(shippingCall.receivedAt().isBefore(inventoryCall.answeredAt()));
        assertCharged(view, "0.88"); // 4 × 0.20 + the 10 % fee
    }

    @Test
    void aDagWithACycleIsRefusedAndHoldsNothing() {
        String endpoint = serve(AgentServer.answering("1", "0.9", 0)).endpoint();
        selectAgents(List.of(
                TestAgents.http("chicken", endpoint, "0.9", List.of("egg"), List.of("chicken"), null),
                TestAgents.http("egg", endpoint, "0.9", List.of("chicken"), List.of("egg"), null)));

        as(caller).contentType("application/json")
                .body(Map.of("query", "Which came first?", "mode", "DAG"))
                .when().post("/v1/orchestrate").then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("mode"))
                .body("message", containsString("cycle"));
        assertEquals(0, servers.getFirst().received(), "no agent was called");
        assertTrue(wallet.holds().isEmpty(), "no money was held");
    }

    // ---- aggregation ----------------------------------------------------------------------------

    @Test
    void mergeKeysEveryOutputByItsAgent() {
        JsonPath view = run("PARALLEL", "merge", List.of(
                TestAgents.http("subject-writer", serve(AgentServer.answering("\"Meet DevAI\"", "0.8", 0)).endpoint(), "0.9"),
                TestAgents.http("body-writer", serve(AgentServer.answering("{\"body\": \"Ship faster\"}", "0.7", 0))
                        .endpoint(), "0.8")));

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(Map.of("subject-writer", "Meet DevAI", "body-writer", Map.of("body", "Ship faster")),
                view.getMap("result"));
    }

    @Test
    void bestReturnsTheOutputTheAgentsThemselvesAreMostConfidentOf() {
        // Selection confidence ranks "confident-selection" first; the agents' answers decide.
        JsonPath view = run("PARALLEL", "best", List.of(
                TestAgents.http("confident-selection", serve(AgentServer.answering("\"plan A\"", "0.55", 0)).endpoint(), "0.95"),
                TestAgents.http("confident-answer", serve(AgentServer.answering("\"plan B\"", "0.97", 0)).endpoint(), "0.75")));

        assertEquals("confident-answer", view.getString("result.agent"));
        assertEquals("plan B", view.getString("result.output"));
        assertEquals(0.97f, view.getFloat("result.confidence"));
    }

    @Test
    void voteReturnsTheMajorityOfNormalisedOutputs() {
        JsonPath view = run("PARALLEL", "vote", List.of(
                TestAgents.http("judge-a", serve(AgentServer.answering("\"Approve \"", "0.6", 0)).endpoint(), "0.9"),
                TestAgents.http("judge-b", serve(AgentServer.answering("\"approve\"", "0.7", 0)).endpoint(), "0.9"),
                TestAgents.http("judge-c", serve(AgentServer.answering("\"Reject\"", "0.99", 0)).endpoint(), "0.9")));

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(2, view.getInt("result.votes"));
        assertEquals(3, view.getInt("result.of"));
        assertEquals(List.of("judge-a", "judge-b"), view.getList("result.agents"));
    }

    @Test
    void customTakesEachFieldFromTheMostConfidentAgentThatProducedIt() {
        JsonPath view = run("PARALLEL", "custom", List.of(
                TestAgents.http("copywriter", serve(AgentServer.answering(
                        "{\"subject\": \"Hello devs\", \"body\": \"Try DevAI\"}", "0.80", 0)).endpoint(), "0.9"),
                TestAgents.http("scheduler", serve(AgentServer.answering(
                        "{\"subject\": \"DevAI is here\", \"sendAt\": \"2025-12-01T09:00:00Z\"}", "0.95", 0)).endpoint(),
                        "0.9")));

        assertEquals("DevAI is here", view.getString("result.output.subject"));
        assertEquals("Try DevAI", view.getString("result.output.body"));
        assertEquals("2025-12-01T09:00:00Z", view.getString("result.output.sendAt"));
        assertEquals(Map.of("subject", "scheduler", "body", "copywriter", "sendAt", "scheduler"),
                view.getMap("result.sources"));
    }

    // ---- failures -------------------------------------------------------------------------------

    @Test
    void anAgentAnswering5xxIsRetriedWithBackoffThenFailsItsStepWhileTheOthersComplete() {
        AgentServer down = serve(AgentServer.start((request, call) -> Reply.status(503)));

        JsonPath view = run("PARALLEL", "merge", List.of(
                TestAgents.http("steady", serve(AgentServer.answering("\"ok\"", "0.9", 0)).endpoint(), "0.9"),
                TestAgents.http("down", down.endpoint(), "0.8")));

        assertEquals("COMPLETED", view.getString("status"), "PARALLEL completes with the agents that succeeded");
        assertEquals(List.of("COMPLETED", "FAILED"), view.getList("steps.status"));
        assertEquals(2, view.getInt("steps[1].attempts"));
        assertEquals("Agent down answered HTTP 503", view.getString("steps[1].error"));
        assertEquals(Map.of("steady", "ok"), view.getMap("result"));
        List<AgentServer.Call> calls = down.calls();
        assertEquals(List.of(1, 2), calls.stream().map(c -> c.body().get("attempt").asInt()).toList());
        long backoff = Duration.between(calls.get(0).answeredAt(), calls.get(1).receivedAt()).toMillis();
        assertTrue(backoff >= 190, "the retry waited the 200 ms backoff, not " + backoff + " ms");
        assertCharged(view, "0.22"); // 0.20 + the 10 % fee
    }

    @Test
    void anAgentThatTimesOutIsRetriedThenFailsTheSequentialChain() {
        AgentServer slow = serve(AgentServer.answering("\"late\"", "0.9", 2_000));
        AgentServer next = serve(AgentServer.answering("\"never\"", "0.9", 0));

        JsonPath view = run("SEQUENTIAL", "merge", List.of(
                TestAgents.http("slow", slow.endpoint(), "0.9", List.of(), List.of(), 300L),
                TestAgents.http("next", next.endpoint(), "0.8")));

        assertEquals("FAILED", view.getString("status"));
        assertEquals(List.of("FAILED", "SKIPPED"), view.getList("steps.status"));
        assertEquals(2, view.getInt("steps[0].attempts"));
        assertEquals("Agent slow did not answer within 300 ms", view.getString("steps[0].error"));
        assertTrue(view.getString("error").contains("slow"));
        assertEquals(2, slow.received());
        assertEquals(0, next.received());
        assertNull(view.get("result"));
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals("RELEASED", hold.status(), "nothing completed: the whole hold is released");
        assertEquals(0, hold.amount().compareTo(hold.released()));
    }

    @Test
    void anAgentThatFailsOnceThenAnswersCompletesOnItsRetry() {
        AgentServer flaky = serve(AgentServer.start((request, call) -> call == 1 ? Reply.status(500)
                : Reply.output("\"second time lucky\"", "0.9", 0)));

        JsonPath view = run("PARALLEL", "merge", List.of(TestAgents.http("flaky", flaky.endpoint(), "0.9")));

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(2, view.getInt("steps[0].attempts"));
        assertEquals("second time lucky", view.getString("result.flaky"));
        assertCharged(view, "0.22"); // 0.20 + the 10 % fee
    }

    @Test
    void aFailingAgentsCircuitOpensSoItIsNoLongerCalledThenATrialCallClosesIt() {
        AtomicBoolean healthy = new AtomicBoolean();
        AgentServer agent = serve(AgentServer.start((request, call) -> healthy.get()
                ? Reply.output("\"back\"", "0.9", 0) : Reply.status(502)));
        List<SelectedAgent> agents = List.of(TestAgents.http("wobbly", agent.endpoint(), "0.9"));

        // Two executions of two attempts: four failures out of four calls open the breaker (volume 4, ratio 0.5).
        assertEquals("FAILED", run("PARALLEL", "merge", agents).getString("status"));
        assertEquals("FAILED", run("PARALLEL", "merge", agents).getString("status"));
        assertEquals(4, agent.received());

        JsonPath refused = run("PARALLEL", "merge", agents);
        assertEquals("FAILED", refused.getString("status"));
        assertEquals(1, refused.getInt("steps[0].attempts"), "an open circuit is not retried");
        assertTrue(refused.getString("steps[0].error").startsWith("AGENT_UNAVAILABLE: agent wobbly was not called"),
                refused.getString("steps[0].error"));
        assertEquals(4, agent.received(), "the agent was not called");
        assertEquals(1, metrics.find("mindmesh.agent.call.duration").tags("agent", "wobbly", "outcome", "circuit_open")
                .timer().count(), "the refused call is counted as circuit_open");
        assertTrue(RestAssured.get("/q/metrics").asString().contains(
                "mindmesh_agent_call_duration_seconds_count{agent=\"wobbly\",outcome=\"circuit_open\"}"));

        healthy.set(true);
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath trial = run("PARALLEL", "merge", agents);
            return "COMPLETED".equals(trial.getString("status"));
        });
        assertEquals(5, agent.received(), "after the delay a single trial call went through and succeeded");
    }

    // ---- cancel and timeout ---------------------------------------------------------------------

    @Test
    void cancelStopsTheBlockedAgentCallAndReleasesTheUnspentHold() {
        AgentServer quick = serve(AgentServer.answering("\"done\"", "0.9", 0));
        AgentServer blocked = serve(AgentServer.answering("\"too late\"", "0.9", 60_000));
        String id = submit("PARALLEL", "merge", List.of(
                TestAgents.http("quick", quick.endpoint(), "0.9"),
                TestAgents.http("blocked", blocked.endpoint(), "0.8")));
        await().atMost(Duration.ofSeconds(30)).until(() -> blocked.received() == 1
                && TestExecutions.view(caller, id).getList("steps.status").equals(List.of("COMPLETED", "RUNNING")));
        long cancelledAt = System.nanoTime();

        as(caller).when().post("/v1/executions/" + id + "/cancel").then().statusCode(oneOf(200, 202));
        JsonPath view = awaitFinished(caller, id);

        assertEquals("CANCELLED", view.getString("status"));
        assertTrue(Duration.ofNanos(System.nanoTime() - cancelledAt).toSeconds() < 10,
                "the blocked call (60 s) was stopped, not waited for");
        assertEquals(List.of("COMPLETED", "CANCELLED"), view.getList("steps.status"));
        Hold hold = assertCharged(view, "0.22"); // 0.20 + the 10 % fee
        assertEquals(0, new BigDecimal("0.44").compareTo(hold.amount()), "two agents and their fee were held");
        assertEquals(0, new BigDecimal("0.22").compareTo(hold.released()),
                "the blocked agent's share and its fee went back to the account");
    }

    @Test
    void anExecutionOverItsTimeLimitStopsItsAgentsFailsAndChargesOnlyFinishedSteps() {
        AgentServer quick = serve(AgentServer.answering("\"done\"", "0.9", 0));
        AgentServer stuck = serve(AgentServer.answering("\"too late\"", "0.9", 60_000));
        long started = System.nanoTime();

        JsonPath view = run("PARALLEL", "merge", List.of(
                TestAgents.http("quick", quick.endpoint(), "0.9"),
                TestAgents.http("stuck", stuck.endpoint(), "0.8")));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "stopped at the 8 s limit");
        assertEquals("FAILED", view.getString("status"));
        assertTrue(view.getString("error").startsWith("EXECUTION_TIMEOUT: the execution did not finish within 8000 ms"),
                view.getString("error"));
        assertEquals(List.of("COMPLETED", "FAILED"), view.getList("steps.status"));
        assertEquals("Stopped: the execution reached its time limit", view.getString("steps[1].error"));
        assertEquals(1, stuck.received());
        assertNull(view.get("result"));
        Hold hold = assertCharged(view, "0.22"); // 0.20 + the 10 % fee
        assertEquals(0, new BigDecimal("0.22").compareTo(hold.released()), "of the 0.44 held");
    }

    @Test
    void theAnswerQuotesTheAgentsTheFeeAndTheTotalHeldSeparately() {
        selectAgents(List.of(TestAgents.http("a", "http://127.0.0.1:1/a", "0.9"),
                TestAgents.http("b", "http://127.0.0.1:1/b", "0.8")));
        String id = as(caller).contentType("application/json")
                .body(Map.of("query", "Write a launch email", "selectionCriteria", Map.of("maxAgents", 2)))
                .when().post("/v1/orchestrate").then()
                .statusCode(202)
                .body("selectedAgents.estimatedCost", equalTo(List.of(0.2f, 0.2f)))
                .body("estimatedCost", equalTo(0.4f))
                .body("platformFee", equalTo(0.04f))
                .body("estimatedTotal", equalTo(0.44f))
                .extract().path("executionId");
        assertEquals(0, new BigDecimal("0.44").compareTo(wallet.hold(id).amount()), "the total is what is held");
    }

    // ---- settlement ---------------------------------------------------------------------------

    @Test
    void anAgentReportingAbsurdUsageIsChargedTheHoldAndNoMore() {
        // 0.10 + 0.001 × 2e12 units = 2e9 dollars: more than the wallet accepts in one capture.
        AgentServer greedy = serve(AgentServer.start((request, call) -> new Reply(200,
                "{\"output\": \"done\", \"confidence\": 0.9, \"usage\": {\"units\": 2e12}}", 0)));

        JsonPath view = run("PARALLEL", "merge", List.of(TestAgents.http("greedy", greedy.endpoint(), "0.9")));

        assertEquals("COMPLETED", view.getString("status"));
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals("CAPTURED", hold.status());
        assertEquals(0, new BigDecimal("0.22").compareTo(hold.amount()), "one agent's 0.20 and the 0.02 fee are held");
        assertEquals(0, hold.amount().compareTo(hold.captured()), "the charge stops at the hold");
        assertEquals(0, new BigDecimal("0.22").compareTo(new BigDecimal(view.getString("actualCost"))));
    }

    @Test
    void aCaptureTheWalletRefusesForGoodEndsTheExecutionWithItsHoldReleased() {
        AgentServer agent = serve(AgentServer.answering("\"done\"", "0.9", 0));
        wallet.failCaptures(409, 100);

        JsonPath view = run("PARALLEL", "merge", List.of(TestAgents.http("agent", agent.endpoint(), "0.9")));

        assertEquals("COMPLETED", view.getString("status"));
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals("RELEASED", hold.status(), "nothing stays held");
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(view.getString("actualCost"))));
    }

    // ---- signed calls ---------------------------------------------------------------------------

    @Test
    void theAgentAcceptsTheOrchestratorsSignedCallsAndRefusesAnUnsignedOne() {
        AgentServer agent = serve(AgentServer.answering("\"signed draft\"", "0.9", 0));

        JsonPath view = run("SEQUENTIAL", "merge", List.of(TestAgents.http("signed-writer", agent.endpoint(), "0.9")));

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(1, agent.calls().size());
        assertEquals(0, agent.refused(), "the orchestrator's call verified");
        // The same request without the orchestrator's signature: anyone who learned the address.
        RestAssured.given().contentType("application/json").body(agent.calls().getFirst().body().toString())
                .when().post(agent.endpoint()).then().statusCode(401);
        assertEquals(1, agent.refused());
        assertEquals(1, agent.calls().size(), "the forged call did no work");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private AgentServer serve(AgentServer server) {
        servers.add(server);
        return server;
    }

    private void selectAgents(List<SelectedAgent> agents) {
        QuarkusMock.installMockForType(new StubRegistry(agents), RegistryClient.class);
    }

    private String submit(String mode, String strategy, List<SelectedAgent> agents) {
        selectAgents(agents);
        return as(caller).contentType("application/json")
                .body(Map.of("query", "Write a launch email", "mode", mode, "aggregationStrategy", strategy,
                        "selectionCriteria", Map.of("maxAgents", agents.size())))
                .when().post("/v1/orchestrate").then()
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract().path("executionId");
    }

    private JsonPath run(String mode, String strategy, List<SelectedAgent> agents) {
        return awaitFinished(caller, submit(mode, strategy, agents));
    }

    /**
     * The wallet captured exactly {@code total} (a literal: the completed steps at 0.20 each, basePrice
     * 0.10 + 0.001 × the 100 units each agent reports, plus the developer fee of 10 %), the execution
     * reports that amount, and the rest of the hold was released.
     */
    private Hold assertCharged(JsonPath view, String total) {
        BigDecimal expected = new BigDecimal(total);
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals(0, expected.compareTo(hold.captured()), "captured " + hold.captured() + ", expected " + expected);
        assertEquals(0, expected.compareTo(new BigDecimal(view.getString("actualCost"))));
        assertEquals(0, hold.amount().compareTo(hold.captured().add(hold.released())), "the rest is released");
        return hold;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Instant earliest(JsonPath view, String path) {
        return view.getList(path, String.class).stream().map(Instant::parse).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant latest(JsonPath view, String path) {
        return view.getList(path, String.class).stream().map(Instant::parse).max(Comparator.naturalOrder()).orElseThrow();
    }
}
