package io.mindmesh.orchestrator.workflow;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.SseClient;
import io.mindmesh.orchestrator.support.StubCatalog;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/workflows/{slug}/run} and its {@code stream_url}. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class WorkflowRunApiTest {

    @Inject
    ObjectMapper mapper;

    private final StubCatalog catalog = new StubCatalog();
    private final RecordingWallet wallet = new RecordingWallet();
    private ResolvedWorkflow blog;

    @BeforeEach
    void install() {
        blog = StubCatalog.blogWorkflow(StubCatalog.agent("outliner", "active"), StubCatalog.agent("writer", "active"));
        catalog.workflow(blog);
        QuarkusMock.installMockForType(catalog, RegistryClient.class);
        QuarkusMock.installMockForType(wallet, WalletClient.class);
    }

    private JsonPath run(Caller caller, String slug, String body) {
        return as(caller).contentType(ContentType.JSON).body(body)
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRunAnswersAtOnceThenStreamsItsEventsToTheEndAcrossAReconnect() throws Exception {
        Caller caller = TestCallers.sandbox();
        String slug = blog.workflow().slug();

        as(caller).contentType(ContentType.JSON).body("{\"task\":\"Write about dogs\",\"metadata\":{\"topic\":\"Dogs\"}}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(200)
                .body("execution_id", matchesPattern("exec_[a-z0-9]{16}"))
                .body("status", equalTo("running"))
                .body("workflow_slug", equalTo(slug))
                .body("workflow_name", equalTo(blog.workflow().name()))
                .body("stream_url", matchesPattern("/api/v1/workflows/execute/exec_[a-z0-9]{16}/stream"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"))
                .body("$", hasKey("conversation_id"))
                .body("conversation_id", nullValue());
        JsonPath started = run(caller, slug, "{\"task\":\"Write about cats\",\"metadata\":{\"topic\":\"Cats\"}}");
        String id = started.getString("execution_id");
        assertEquals("/api/v1/workflows/execute/" + id + "/stream", started.getString("stream_url"));

        List<SseClient.Event> events = new ArrayList<>();
        try (SseClient first = SseClient.connect(RestAssured.port, started.getString("stream_url"), caller, null)) {
            assertEquals(200, first.status());
            events.add(first.next());
            events.add(first.next());
        }
        try (SseClient resumed = SseClient.connect(RestAssured.port, started.getString("stream_url"), caller,
                events.getLast().id())) {
            events.addAll(resumed.rest());
        }

        assertEquals(List.of("execution.started", "agent.started", "agent.completed", "agent.started",
                "agent.completed", "execution.completed"), events.stream().map(SseClient.Event::event).toList(),
                "the outline runs before the draft that waits for it, each event once");
        JsonNode draft = mapper.readTree(events.get(4).data());
        assertEquals("writer", draft.get("agentName").asText());
        JsonPath view = awaitFinished(caller, id);
        assertEquals("COMPLETED", view.getString("status"));
        assertEquals("DAG", view.getString("mode"));
        assertEquals(List.of("outliner", "writer"), view.getList("steps.agentName"));
        assertEquals("Write about cats", view.getString("query"));
    }

    @Test
    void aLiveRunHoldsTheEstimateAndIsChargedWhatItsStepsCost() {
        Caller caller = TestCallers.live();
        String id = run(caller, blog.workflow().slug(), "{\"task\":\"Write\",\"metadata\":{\"topic\":\"Dogs\"}}")
                .getString("execution_id");

        JsonPath view = awaitFinished(caller, id);
        assertEquals("COMPLETED", view.getString("status"));
        // Two steps at a flat 0.20 each, plus the developer fee of 10%: quoted, held and charged alike.
        assertEquals(0, new BigDecimal("0.44").compareTo(wallet.hold(id).amount()), "the estimate is held");
        assertEquals(List.of(0.2f, 0.2f), view.getList("steps.cost", Float.class));
        assertEquals(0, new BigDecimal("0.44").compareTo(wallet.hold(id).captured()), "charged the steps plus the fee");
        assertEquals("CAPTURED", wallet.hold(id).status());
        assertEquals(0, new BigDecimal("0.44").compareTo(new BigDecimal(view.getString("actualCost"))));
    }

    @Test
    void aRunContinuesTheConversationOfAnEarlierRunOfTheSameAccount() {
        Caller caller = TestCallers.sandbox();
        String slug = blog.workflow().slug();
        String first = run(caller, slug, "{\"task\":\"One\",\"metadata\":{\"topic\":\"a\"}}").getString("execution_id");

        JsonPath second = run(caller, slug, "{\"task\":\"Two\",\"metadata\":{\"topic\":\"b\",\"conversation_id\":\""
                + first + "\"}}");
        assertEquals(first, second.getString("conversation_id"));
        JsonPath third = run(caller, slug, "{\"task\":\"Three\",\"metadata\":{\"topic\":\"c\",\"conversation_id\":\""
                + second.getString("execution_id") + "\"}}");
        assertEquals(first, third.getString("conversation_id"), "a conversation keeps the id of its first run");

        as(TestCallers.sandbox()).contentType(ContentType.JSON)
                .body("{\"task\":\"x\",\"metadata\":{\"topic\":\"b\",\"conversation_id\":\"" + first + "\"}}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(400).body("field", equalTo("metadata.conversation_id"));
    }

    @Test
    void badRequestsAreRefusedWithTheFieldNamedAndNothingStarts() {
        Caller caller = TestCallers.live();
        String slug = blog.workflow().slug();

        as(caller).contentType(ContentType.JSON).body("{\"task\":\"x\",\"metadata\":{\"topic\":\"Dogs\"}}")
                .when().post("/v1/workflows/no-such-workflow/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"))
                .body("message", equalTo("Workflow no-such-workflow not found"));
        as(caller).contentType(ContentType.JSON).body("{\"metadata\":{\"topic\":\"Dogs\"}}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("task"));
        as(caller).contentType(ContentType.JSON).body("{\"task\":\"x\",\"metadata\":{}}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(400).body("field", equalTo("metadata.topic"))
                .body("message", matchesPattern(".*'topic'.*"));
        as(caller).contentType(ContentType.JSON).body("{\"task\":\"x\",\"metadata\":[1]}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(400).body("field", equalTo("metadata"));
        assertTrue(wallet.holds().isEmpty(), "nothing was held");
        as(caller).when().get("/v1/executions").then().statusCode(200).body("pagination.total", equalTo(0));
    }

    @Test
    void aBodySentAsCurlSendsItByDefaultIsReadAsJson() {
        String slug = blog.workflow().slug();
        as(TestCallers.sandbox()).contentType("application/x-www-form-urlencoded")
                .body("{\"task\":\"x\",\"metadata\":{\"topic\":\"a\"}}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(200).body("status", equalTo("running"));
        as(TestCallers.sandbox()).contentType("text/plain").body("{\"task\":\"x\"}")
                .when().post("/v1/workflows/" + slug + "/run")
                .then().statusCode(415);
    }

    @Test
    void aWorkflowWithADeprecatedAgentIsRefused() {
        ResolvedWorkflow old = StubCatalog.blogWorkflow(StubCatalog.agent("outliner", "active"),
                StubCatalog.agent("old-writer", "deprecated"));
        catalog.workflow(old);

        as(TestCallers.sandbox()).contentType(ContentType.JSON).body("{\"task\":\"x\",\"metadata\":{\"topic\":\"a\"}}")
                .when().post("/v1/workflows/" + old.workflow().slug() + "/run")
                .then().statusCode(409).body("error", equalTo("CONFLICT"))
                .body("agentId", equalTo("agent_old_writer"))
                .body("stepId", equalTo("draft"))
                .body("message", matchesPattern(".*deprecated.*"));
    }

    @Test
    void anotherAccountCannotReadTheStream() throws Exception {
        Caller owner = TestCallers.sandbox();
        String url = run(owner, blog.workflow().slug(), "{\"task\":\"x\",\"metadata\":{\"topic\":\"a\"}}")
                .getString("stream_url");
        try (SseClient stranger = SseClient.connect(RestAssured.port, url, TestCallers.sandbox(), null)) {
            assertEquals(404, stranger.status());
        }
        assertNotNull(url);
    }
}
