package io.mindmesh.orchestrator.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.FakeOpenAiResource;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.SseClient;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.FakeOpenAi;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Live executions of an llm agent with {@code stream: true} against {@link FakeOpenAi}, whose
 * answer is held at chosen tokens ({@link FakeOpenAi#thenStreamPaused}) so that every assertion is
 * about order, never speed: the tokens reach the execution's stream and the workflow-run stream as
 * {@code step.delta} events (no {@code id}) between {@code agent.started} and
 * {@code agent.completed}, concatenated they are the step's output, the cost is the streamed usage
 * times the prices; a client resuming with Last-Event-ID after a delta gets no repeat and the
 * completed output; deltas from another replica arrive through PostgreSQL notifications.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FakeOpenAiResource.class, restrictToAnnotatedClass = true)
class LlmStreamingTest {

    private static final String ANSWER = "The launch email is ready for review";
    /** 0.01 + 9 prompt tokens × 0.50 / 1000 + 7 answer tokens × 1.00 / 1000 (one token a word). */
    private static final BigDecimal STEP_COST = new BigDecimal("0.0215");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @FakeOpenAiResource.Fake
    FakeOpenAi fake;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry meters;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private RecordingWallet wallet;
    private Caller caller;

    @BeforeEach
    void setUp() {
        wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
        caller = TestCallers.live();
        fake.answer(ANSWER);
    }

    @Test
    void tokensReachBothStreamsAsDeltasBeforeTheCompletedStepWhichCarriesTheWholeOutput() throws Exception {
        FakeOpenAi.Pause pause = fake.thenStreamPaused(0);
        double deltasBefore = deltasSent();
        int requestsBefore = fake.requests().size();
        String id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));

        List<SseClient.Event> execution = new ArrayList<>();
        List<SseClient.Event> workflow = new ArrayList<>();
        try (SseClient executionStream = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream",
                caller, null);
                SseClient workflowStream = SseClient.connect(RestAssured.port,
                        "/api/v1/workflows/execute/" + id + "/stream", caller, null)) {
            // Both streams are open and have the step's start before the model sends its first token.
            execution.addAll(untilStarted(executionStream));
            workflow.addAll(untilStarted(workflowStream));
            assertTrue(pause.awaitReached(WAIT));
            pause.release();
            execution.addAll(executionStream.rest());
            workflow.addAll(workflowStream.rest());
        }

        List<JsonNode> deltas = assertDeltasWithinTheStep(execution);
        assertTrue(deltas.size() >= 2, "the first token goes at once, the rest after it: " + deltas);
        assertEquals(ANSWER, concatenated(deltas));
        JsonNode completed = data(only(execution, "agent.completed"));
        assertEquals(ANSWER, completed.get("output").asText());
        for (JsonNode delta : deltas) {
            assertEquals(id, delta.get("executionId").asText());
            assertEquals(completed.get("stepId").asText(), delta.get("stepId").asText());
            assertEquals(completed.get("agentId").asText(), delta.get("agentId").asText());
        }
        assertEquals(deltas.stream().map(JsonNode::toString).toList(),
                assertDeltasWithinTheStep(workflow).stream().map(JsonNode::toString).toList(),
                "the workflow-run stream carries the same deltas");
        assertEquals(deltas.size(), deltasSent() - deltasBefore, 0.0, "mindmesh_llm_stream_deltas_total");

        JsonPath view = TestExecutions.awaitFinished(caller, id);
        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(ANSWER, view.getString("steps[0].output"));
        assertEquals(9, view.getLong("steps[0].usage.inputTokens"));
        assertEquals(7, view.getLong("steps[0].usage.outputTokens"));
        assertEquals(0, STEP_COST.compareTo(new BigDecimal(view.getString("steps[0].cost"))),
                "the streamed usage × the prices: " + view.getString("steps[0].cost"));
        BigDecimal charged = STEP_COST.add(new BigDecimal("0.01"));
        assertEquals(0, charged.compareTo(wallet.hold(id).captured()), "the step plus the minimum fee");

        List<FakeOpenAi.Request> requests = fake.requests();
        assertEquals(requestsBefore + 1, requests.size());
        JsonNode request = requests.getLast().body();
        assertTrue(request.get("stream").asBoolean());
        assertTrue(request.at("/stream_options/include_usage").asBoolean(), "usage is asked for, so cost stays exact");
        assertEquals(50, request.get("max_tokens").asLong(), "the budget's max_tokens still applies");
    }

    @Test
    void aClientResumingAfterADeltaGetsNoRepeatAndTheCompletedOutput() throws Exception {
        FakeOpenAi.Pause pause = fake.thenStreamPaused(0, 3);
        String id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));
        String path = "/v1/executions/" + id + "/stream";

        String lastEventId;
        SseClient.Event firstDelta;
        try (SseClient first = SseClient.connect(RestAssured.port, path, caller, null)) {
            List<SseClient.Event> seen = untilStarted(first);
            lastEventId = seen.getLast().id();
            assertTrue(pause.awaitReached(WAIT));
            pause.release();
            // Held after three tokens: the first went out at once.
            assertTrue(pause.awaitReached(WAIT));
            firstDelta = first.next();
        }
        assertEquals("step.delta", firstDelta.event());
        assertNull(firstDelta.id(), "a delta has no id: Last-Event-ID stays the last stored event's");
        assertEquals(0, data(firstDelta).get("index").asInt());

        List<SseClient.Event> resumed;
        try (SseClient second = SseClient.connect(RestAssured.port, path, caller, lastEventId)) {
            pause.release();
            resumed = second.rest();
        }
        long last = Long.parseLong(lastEventId);
        for (SseClient.Event event : resumed) {
            if (event.id() != null) {
                assertTrue(Long.parseLong(event.id()) > last, "no stored event twice: " + event);
            } else {
                assertTrue(data(event).get("index").asInt() > 0, "no delta twice: " + event);
            }
        }
        assertDeltasWithinTheStep(resumed);
        assertEquals(ANSWER, data(only(resumed, "agent.completed")).get("output").asText(),
                "the completed step carries the whole output, the deltas missed included");
        assertEquals("execution.completed", resumed.getLast().event());
    }

    @Test
    void deltasFromAnotherReplicaArriveThroughPostgresqlNotifications() throws Exception {
        FakeOpenAi.Pause pause = fake.thenStreamPaused(0);
        String id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));

        List<SseClient.Event> events = new ArrayList<>();
        try (SseClient stream = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream", caller,
                null)) {
            events.addAll(untilStarted(stream));
            JsonNode started = data(events.getLast());
            String payload = mapper.createObjectNode().put("origin", "another-replica").put("executionId", id)
                    .put("stepId", started.get("stepId").asText()).put("agentId", started.get("agentId").asText())
                    .put("index", 0).put("delta", "Sent elsewhere. ").toString();
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("select pg_notify(?1, ?2)")
                    .setParameter(1, "mindmesh_step_deltas").setParameter(2, payload).getSingleResult());
            // The model is held before its first token: the next event can only be the other replica's delta.
            events.add(stream.next());
            assertTrue(pause.awaitReached(WAIT));
            pause.release();
            events.addAll(stream.rest());
        }

        List<JsonNode> deltas = assertDeltasWithinTheStep(events);
        assertEquals("Sent elsewhere. ", deltas.getFirst().get("delta").asText(), "the other replica's delta: " + events);
        assertEquals(ANSWER, concatenated(deltas.subList(1, deltas.size())),
                "this replica's own notifications are not shown a second time");
    }

    @Test
    void everyDeltaIsNotifiedToTheOtherReplicasBeforeTheStepsCompletion() throws Exception {
        // What another replica's listener receives: the deltas, then the notification of the completed step.
        List<PGNotification> received = new ArrayList<>();
        String id;
        try (Connection listener = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN mindmesh_step_deltas");
                statement.execute("LISTEN mindmesh_events");
            }
            id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));
            assertEquals("COMPLETED", TestExecutions.awaitFinished(caller, id).getString("status"));
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (PGNotification[] batch = pg.getNotifications(1000); batch != null && batch.length > 0;
                    batch = pg.getNotifications(500)) {
                received.addAll(List.of(batch));
            }
        }

        List<JsonNode> deltas = new ArrayList<>();
        int lastDelta = -1;
        int lastEvents = -1;
        for (int i = 0; i < received.size(); i++) {
            PGNotification n = received.get(i);
            if ("mindmesh_events".equals(n.getName()) && id.equals(n.getParameter())) {
                lastEvents = i;
            } else if ("mindmesh_step_deltas".equals(n.getName())) {
                JsonNode delta = mapper.readTree(n.getParameter());
                if (id.equals(delta.get("executionId").asText())) {
                    deltas.add(delta);
                    lastDelta = i;
                }
            }
        }
        assertEquals(ANSWER, concatenated(deltas));
        assertEquals(1, deltas.stream().map(d -> d.get("origin").asText()).distinct().count(), "one replica sent them");
        assertTrue(lastDelta < lastEvents, "the deltas were notified before the step's completion");
    }

    @Test
    void aStreamThatBreaksOffBeforeItsEndIsRetriedAndTheBrokenAttemptCostsNothing() {
        fake.thenStreamCut(2);
        int requestsBefore = fake.requests().size();
        String id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));

        JsonPath view = TestExecutions.awaitFinished(caller, id);
        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(2, view.getInt("steps[0].attempts"), "the broken stream failed the first attempt");
        assertEquals(requestsBefore + 2, fake.requests().size());
        assertEquals(ANSWER, view.getString("steps[0].output"));
        assertEquals(0, STEP_COST.compareTo(new BigDecimal(view.getString("steps[0].cost"))),
                "only the complete answer is charged: " + view.getString("steps[0].cost"));
    }

    @Test
    void sandboxCallersOfAStreamingAgentNeverCallTheModel() {
        caller = TestCallers.sandbox();
        int requestsBefore = fake.requests().size();
        String id = submit(TestAgents.streamingLlm("copywriter", "Write: {{query}}", 50, "0.11"));

        JsonPath view = TestExecutions.awaitFinished(caller, id);
        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals("copywriter", view.getString("steps[0].output.agent"), "the simulated runtime answered");
        assertEquals(requestsBefore, fake.requests().size());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String submit(SelectedAgent agent) {
        return TestExecutions.submitWith(caller, agent);
    }

    /** Reads up to and including the first {@code agent.started}. */
    private static List<SseClient.Event> untilStarted(SseClient stream) throws Exception {
        List<SseClient.Event> events = new ArrayList<>();
        for (SseClient.Event e = stream.next(); e != null; e = stream.next()) {
            events.add(e);
            if ("agent.started".equals(e.event())) {
                return events;
            }
        }
        throw new AssertionError("the stream ended before agent.started: " + events);
    }

    /**
     * The deltas' data, asserting they carry no id, number 0, 1, 2, ... among themselves (those of
     * another replica aside), and come after the step's {@code agent.started} (when the stream shows
     * it) and before its {@code agent.completed}.
     */
    private List<JsonNode> assertDeltasWithinTheStep(List<SseClient.Event> events) {
        List<JsonNode> deltas = new ArrayList<>();
        boolean completed = false;
        int startedAt = -1;
        int previous = -1;
        for (int i = 0; i < events.size(); i++) {
            SseClient.Event event = events.get(i);
            switch (event.event()) {
                case "agent.started" -> startedAt = i;
                case "agent.completed" -> completed = true;
                case "step.delta" -> {
                    assertNull(event.id(), "a delta has no id");
                    assertTrue(!completed, "a delta after agent.completed: " + events);
                    JsonNode data = data(event);
                    if (!"Sent elsewhere. ".equals(data.get("delta").asText())) {
                        int index = data.get("index").asInt();
                        assertTrue(previous < 0 ? index >= 0 : index == previous + 1, "in order: " + events);
                        previous = index;
                    }
                    deltas.add(data);
                }
                default -> assertNotNull(event.id(), "a stored event has its sequence as id: " + event);
            }
        }
        assertTrue(completed, "the step completed on the stream: " + events);
        if (startedAt >= 0 && !deltas.isEmpty()) {
            assertEquals("agent.started", events.get(startedAt).event());
            assertTrue(events.indexOf(events.stream().filter(e -> "step.delta".equals(e.event())).findFirst()
                    .orElseThrow()) > startedAt, "deltas after agent.started: " + events);
        }
        return deltas;
    }

    private static SseClient.Event only(List<SseClient.Event> events, String name) {
        List<SseClient.Event> matching = events.stream().filter(e -> name.equals(e.event())).toList();
        assertEquals(1, matching.size(), name + " once: " + events);
        return matching.getFirst();
    }

    private static String concatenated(List<JsonNode> deltas) {
        StringBuilder text = new StringBuilder();
        deltas.forEach(delta -> text.append(delta.get("delta").asText()));
        return text.toString();
    }

    private JsonNode data(SseClient.Event event) {
        try {
            return mapper.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + event.data(), e);
        }
    }

    private double deltasSent() {
        return meters.counter("mindmesh.llm.stream.deltas").count();
    }
}
