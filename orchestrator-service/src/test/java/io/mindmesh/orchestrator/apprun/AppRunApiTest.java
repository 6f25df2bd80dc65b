package io.mindmesh.orchestrator.apprun;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.CatalogApp;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.StubCatalog;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.WebhookReceiver;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MindStudio-compatible app-run endpoints under {@code /developer/v2}. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class AppRunApiTest {

    @Inject
    ObjectMapper mapper;

    private final StubCatalog catalog = new StubCatalog();
    private final RecordingWallet wallet = new RecordingWallet();
    private String appId;
    private ResolvedWorkflow blog;

    @BeforeEach
    void install() {
        blog = StubCatalog.blogWorkflow(StubCatalog.agent("outliner", "active"), StubCatalog.agent("writer", "active"));
        appId = UUID.randomUUID().toString();
        catalog.app(new CatalogApp(appId, "Blog writer", "blog-writer", "Writes posts", blog.workflow().slug()), blog);
        QuarkusMock.installMockForType(catalog, RegistryClient.class);
        QuarkusMock.installMockForType(wallet, WalletClient.class);
    }

    private String body(String extra) {
        return "{\"appId\":\"" + appId + "\",\"variables\":{\"topic\":\"Dogs\"}" + extra + "}";
    }

    @Test
    void aSynchronousRunAnswersWhenItEndsWithTheThreadTheResultAndTheCost() throws Exception {
        Caller caller = TestCallers.live();

        JsonPath answer = as(caller).contentType(ContentType.JSON).body(body(",\"includeBillingCost\":true"))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("threadId", matchesPattern("[0-9a-f-]{36}"))
                .body("thread.appId", equalTo(appId))
                .body("thread.organizationId", equalTo(caller.accountId()))
                .body("thread.userId", equalTo(caller.accountId()))
                .body("thread.entryWorkflowId", equalTo(blog.workflow().id()))
                .body("thread.sourceThreadId", nullValue())
                .body("thread.source", equalTo("api"))
                .body("thread.parentThreadId", nullValue())
                .body("thread.name", equalTo(blog.workflow().name()))
                .body("thread.variables.topic", equalTo("Dogs"))
                .body("thread", hasKey("currentContinuationAction"))
                .body("thread.isRunning", equalTo(false))
                .body("thread.hasContent", equalTo(true))
                .body("thread.isFinished", equalTo(true))
                .body("thread.isUnread", equalTo(true))
                .body("thread.notifyOnComplete", equalTo(false))
                .body("thread.dateCreated", notNullValue())
                .body("thread.dateLastMessage", notNullValue())
                .body("thread.error", nullValue())
                .body("thread.posts.size()", equalTo(2))
                .body("thread.assets.size()", equalTo(0))
                .body("billingCost", equalTo("$0.44")) // two steps at a flat 0.20 and the 10 % fee
                .extract().jsonPath();

        assertEquals(answer.getString("threadId"), answer.getString("thread.id"));
        assertEquals("Assistant will write a blog post about the following topic: Dogs",
                answer.getString("result.post.instructions"), "the agent received the substituted instructions");
        assertEquals("writer", answer.getString("result.post.agent"));
        BigDecimal charged = wallet.holds().iterator().next().captured();
        assertEquals(0, new BigDecimal("0.44").compareTo(charged), "billingCost is what was charged");
    }

    @Test
    void theCostIsShownOnlyWhenAskedAndTheWorkflowMayBeNamedWithItsFlowSuffix() {
        as(TestCallers.sandbox()).contentType(ContentType.JSON)
                .body(body(",\"workflow\":\"" + blog.workflow().slug() + ".flow\""))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("$", not(hasKey("billingCost")));
        assertTrue(wallet.holds().isEmpty(), "sandbox runs hold nothing");
    }

    @Test
    void withACallbackTheAnswerComesAtOnceAndTheSignedResultIsPosted() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 200)) {
            as(TestCallers.sandbox()).contentType(ContentType.JSON)
                    .body(body(",\"callbackUrl\":\"" + receiver.url() + "\",\"callbackSecret\":\"s3cret\","
                            + "\"includeBillingCost\":true"))
                    .when().post("/developer/v2/apps/run")
                    .then().statusCode(200)
                    .body("success", equalTo(true))
                    .body("callbackInProgress", equalTo(true))
                    .body("$", not(hasKey("threadId")));

            await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received().isEmpty());
            Thread.sleep(300);
            assertEquals(1, receiver.received().size(), "posted once");
            WebhookReceiver.Received callback = receiver.received().getFirst();
            assertEquals(WebhookMessage.sign("s3cret", callback.body()),
                    callback.headers().get(WebhookMessage.SIGNATURE_HEADER.toLowerCase()));
            JsonNode posted = mapper.readTree(callback.body());
            assertTrue(posted.get("success").asBoolean());
            assertEquals("Assistant will write a blog post about the following topic: Dogs",
                    posted.at("/result/post/instructions").asText());
            assertTrue(posted.get("thread").get("notifyOnComplete").asBoolean());
            assertTrue(posted.get("billingCost").asText().startsWith("$"));
        }
    }

    @Test
    void aProgressUrlGetsOnePostPerFinishedStepSignedWithTheCallbackSecret() throws Exception {
        try (WebhookReceiver progress = new WebhookReceiver(n -> 200)) {
            String threadId = as(TestCallers.sandbox()).contentType(ContentType.JSON)
                    .body("{\"workerId\":\"" + appId + "\",\"variables\":{\"topic\":\"Dogs\"},\"progressUrl\":\""
                            + progress.url() + "\"}")
                    .when().post("/developer/v2/workers/run")
                    .then().statusCode(200).extract().jsonPath().getString("threadId");

            await().atMost(Duration.ofSeconds(30)).until(() -> progress.received().size() >= 2);
            Thread.sleep(300);
            assertEquals(2, progress.received().size(), "one post per step");
            JsonNode first = mapper.readTree(progress.received().get(0).body());
            JsonNode second = mapper.readTree(progress.received().get(1).body());
            assertEquals(threadId, first.get("threadId").asText());
            assertEquals("agent.completed", first.get("event").asText());
            assertEquals(java.util.Set.of("outliner", "writer"),
                    java.util.Set.of(first.get("agentName").asText(), second.get("agentName").asText()));
            assertEquals("run.progress", progress.received().get(0).headers().get("x-mindmesh-event"));
        }
    }

    @Test
    void theMindstudioClientsRunsAnswerInTheirShapes() {
        Caller caller = TestCallers.sandbox();
        as(caller).contentType(ContentType.JSON)
                .body("{\"workerId\":\"" + appId + "\",\"workflow\":\"" + blog.workflow().name()
                        + "\",\"variables\":{\"topic\":\"Cats\"}}")
                .when().post("/developer/v2/workers/run")
                .then().statusCode(200)
                .body("threadId", notNullValue())
                .body("result.post.instructions", equalTo(
                        "Assistant will write a blog post about the following topic: Cats"))
                .body("billingCost", matchesPattern("\\$0\\.\\d+"));

        String token = as(caller).contentType(ContentType.JSON)
                .body(body(",\"async\":true,\"version\":\"live\",\"metadata\":{\"a\":1}"))
                .when().post("/developer/v2/agents/run")
                .then().statusCode(200)
                .body("callbackToken", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().jsonPath().getString("callbackToken");
        JsonPath done = await().atMost(Duration.ofSeconds(30)).until(
                () -> given().when().get("/developer/v2/agents/run/poll/" + token).then().statusCode(200)
                        .extract().jsonPath(),
                poll -> !"pending".equals(poll.getString("status")));
        assertEquals("complete", done.getString("status"));
        assertTrue(done.getBoolean("result.success"));
        assertNotNull(done.getString("result.threadId"));
        assertEquals("Assistant will write a blog post about the following topic: Dogs",
                done.getString("result.result.post.instructions"));

        given().when().get("/developer/v2/agents/run/poll/" + token.substring(1) + "x").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void badRequestsAreRefusedInTheErrorEnvelope() {
        Caller caller = TestCallers.sandbox();
        as(caller).contentType(ContentType.JSON).body("{\"variables\":{\"topic\":\"Dogs\"}}")
                .when().post("/developer/v2/apps/run")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("appId"));
        as(caller).contentType(ContentType.JSON).body("{\"appId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/developer/v2/apps/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(caller).contentType(ContentType.JSON).body(body(",\"workflow\":\"nope\""))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(caller).contentType(ContentType.JSON).body("{\"appId\":\"" + appId + "\",\"variables\":{}}")
                .when().post("/developer/v2/apps/run")
                .then().statusCode(400).body("field", equalTo("variables.topic"));
        as(caller).contentType(ContentType.JSON).body(body(",\"callbackUrl\":\"ftp://example.com/x\""))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(400).body("field", equalTo("callbackUrl"));
        as(caller).contentType(ContentType.JSON).body(body(",\"callbackUrl\":\"http://169.254.169.254/latest\""))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(400).body("field", equalTo("callbackUrl"));
        given().contentType(ContentType.JSON).body(body(""))
                .when().post("/developer/v2/apps/run")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        as(caller).when().get("/v1/executions").then().statusCode(200).body("pagination.total", equalTo(0));
        assertFalse(wallet.holds().iterator().hasNext());
    }
}
