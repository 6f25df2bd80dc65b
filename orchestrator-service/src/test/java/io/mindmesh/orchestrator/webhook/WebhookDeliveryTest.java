package io.mindmesh.orchestrator.webhook;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.orchestrator.support.WebhookReceiver;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhook deliveries against a real HTTP receiver: signature, retries, the delivery log,
 * redelivery and the SSRF guard. The test profile retries after milliseconds and stops after 4 attempts.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class WebhookDeliveryTest {

    private static final String SECRET = "whsec_Zq9-test-secret";
    /** Each completed step costs exactly 0.20, whatever units it draws. */
    private static final SelectedAgent FLAT_PRICED =
            TestAgents.flatPriced(TestAgents.simulated("email-campaign-agent", "0.92", 10));

    /** The receiver's verification snippet the public API gives (docs/public-api.md#webhooks), run on what the receiver got. */
    private static final String RECEIVER_SNIPPET = """
            import hmac
            import hashlib

            def verify_webhook(payload, signature, secret):
                expected = hmac.new(
                    secret.encode(),
                    payload.encode(),
                    hashlib.sha256
                ).hexdigest()
                return hmac.compare_digest(f"sha256={expected}", signature)
            """;

    @Inject
    TestExecutions executions;

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttemptAndTheDocumentedSnippetVerifiesIt() throws Exception {
        Caller caller = TestCallers.sandbox();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> n <= 2 ? 500 : 200)) {
            String id = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL,
                    AggregationStrategy.MERGE, List.of(FLAT_PRICED),
                    new NewExecution.Webhook(receiver.url(), List.of("execution.completed"), SECRET));
            awaitFinished(caller, id);

            JsonPath log = awaitLog(caller, id, l -> "DELIVERED".equals(l.getString("data[0].status")));
            assertEquals(1, log.getList("data").size(), "only the subscribed event is delivered");
            assertEquals("execution.completed", log.getString("data[0].event"));
            assertEquals(3, log.getInt("data[0].attempts"));
            assertEquals(List.of(500, 500, 200), log.getList("data[0].attemptLog.statusCode"));
            assertEquals(List.of(1, 2, 3), log.getList("data[0].attemptLog.attempt"));
            assertNotNull(log.getString("data[0].attemptLog[0].nextAttemptAt"));
            assertEquals("receiver answered HTTP 500", log.getString("data[0].attemptLog[0].error"));
            assertNull(log.getString("data[0].attemptLog[2].nextAttemptAt"));
            assertNotNull(log.getString("data[0].deliveredAt"));

            List<WebhookReceiver.Received> received = receiver.received();
            assertEquals(3, received.size());
            WebhookReceiver.Received last = received.getLast();
            String rawBody = new String(last.body(), StandardCharsets.UTF_8);
            String signature = last.headers().get("x-mindmesh-signature");
            assertTrue(signature.matches("sha256=[0-9a-f]{64}"), signature);
            assertTrue(receiverSnippetVerifies(rawBody, signature, SECRET), "the documented verify_webhook accepts it");
            assertFalse(receiverSnippetVerifies(rawBody, signature, "another-secret"), "and refuses a wrong secret");

            JsonNode body = mapper.readTree(rawBody);
            String bodySignature = body.get("signature").asText();
            assertTrue(bodySignature.matches("sha256=[0-9a-f]{64}"), bodySignature);
            String withoutSignature = rawBody.replace(",\"signature\":\"" + bodySignature + "\"", "");
            assertTrue(receiverSnippetVerifies(withoutSignature, bodySignature, SECRET),
                    "the body's signature verifies the body without its signature member");
            assertFalse(receiverSnippetVerifies(rawBody, bodySignature, SECRET), "it does not sign itself");
            assertEquals("execution.completed", body.get("event").asText());
            assertEquals(id, body.get("executionId").asText());
            assertEquals(last.headers().get("x-mindmesh-timestamp"), body.get("timestamp").asText(),
                    "the timestamp header is inside the signed body");
            assertEquals("execution.completed", last.headers().get("x-mindmesh-event"));
            assertEquals(log.getString("data[0].deliveryId"), last.headers().get("x-mindmesh-delivery"));
            assertEquals(log.getString("data[0].eventId"), body.get("id").asText());
            assertEquals(received.stream().map(r -> readId(r)).distinct().count(), 1L,
                    "every attempt carries the same event id, so receivers can deduplicate");
            assertEquals("COMPLETED", body.at("/data/status").asText());
            JsonNode step = body.at("/data/steps/0");
            assertEquals("email-campaign-agent", step.get("agentName").asText());
            assertEquals(0, new BigDecimal("0.20").compareTo(step.get("cost").decimalValue()), "each step's cost");
            assertUnitsDrawn(step.at("/usage/units"));

            String stored = QuarkusTransaction.requiringNew().call(() -> (String) em
                    .createNativeQuery("select webhook_secret from executions where id = ?1")
                    .setParameter(1, id).getSingleResult());
            assertTrue(stored.startsWith("v1:") && !stored.contains(SECRET), "the secret is encrypted at rest");
        }
    }

    @Test
    void agentEventsCarryTheQueryTheStepCostAndUsageInTheOrderTheyHappened() throws Exception {
        Caller caller = TestCallers.sandbox();
        AtomicInteger arrivedWhileTheFirstWasAnswered = new AtomicInteger();
        AtomicReference<WebhookReceiver> self = new AtomicReference<>();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> {
            if (n == 1) {
                // A slow answer to agent.started: agent.completed must not overtake it.
                sleepQuietly(300);
                arrivedWhileTheFirstWasAnswered.set(self.get().received().size() - 1);
            }
            return 204;
        })) {
            self.set(receiver);
            String id = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL,
                    AggregationStrategy.MERGE, List.of(FLAT_PRICED),
                    new NewExecution.Webhook(receiver.url(), List.of("agent.started", "agent.completed"), null));
            awaitFinished(caller, id);
            awaitLog(caller, id, l -> l.getList("data.status").equals(List.of("DELIVERED", "DELIVERED")));

            List<JsonNode> bodies = receiver.received().stream().map(r -> tree(r.body())).toList();
            assertEquals(List.of("agent.started", "agent.completed"),
                    bodies.stream().map(b -> b.get("event").asText()).toList());
            assertEquals(0, arrivedWhileTheFirstWasAnswered.get(),
                    "the next event of the execution is sent only once the previous one was answered");
            JsonNode completed = bodies.get(1).get("data");
            assertEquals("Plan the launch", completed.get("query").asText());
            assertEquals(0, new BigDecimal("0.20").compareTo(completed.get("cost").decimalValue()), "the step's cost");
            assertUnitsDrawn(completed.at("/usage/units"));
            assertNull(receiver.received().getFirst().headers().get("x-mindmesh-signature"),
                    "no secret, no signature");
            assertNull(bodies.getFirst().get("signature"), "nor a signature member in the body");
        }
    }

    @Test
    void aReceiverThatAlwaysFailsIsGivenUpAfterTheMaximumAndCanBeRedeliveredOnce() throws Exception {
        Caller caller = TestCallers.sandbox();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 503)) {
            String id = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL,
                    AggregationStrategy.MERGE, List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)),
                    new NewExecution.Webhook(receiver.url(), List.of("execution.started"), SECRET));

            JsonPath log = awaitLog(caller, id, l -> "FAILED".equals(l.getString("data[0].status")));
            assertEquals(4, log.getInt("data[0].attempts"));
            assertEquals(List.of(1, 2, 3, 4), log.getList("data[0].attemptLog.attempt"));
            assertTrue(log.getList("data[0].attemptLog.error").stream().allMatch(e -> e != null));
            assertNull(log.getString("data[0].nextAttemptAt"));
            TimeUnit.MILLISECONDS.sleep(500);
            assertEquals(4, receiver.received().size(), "nothing is sent after the last attempt");

            String deliveryId = log.getString("data[0].deliveryId");
            as(caller).when().post("/v1/executions/" + id + "/webhooks/" + deliveryId + "/redeliver").then()
                    .statusCode(202).body("deliveryId", equalTo(deliveryId)).body("status", equalTo("PENDING"));
            JsonPath after = awaitLog(caller, id, l -> l.getInt("data[0].attempts") == 5
                    && "FAILED".equals(l.getString("data[0].status")));
            assertEquals(5, after.getList("data[0].attemptLog").size());
            TimeUnit.MILLISECONDS.sleep(300);
            assertEquals(5, receiver.received().size(), "a redelivery is one more attempt");
        }
    }

    @Test
    void aSecretThatCannotBeReadFailsItsDeliveryAloneAndTheOthersGoOn() throws Exception {
        Caller caller = TestCallers.sandbox();
        CountDownLatch firstAttempt = new CountDownLatch(1);
        CountDownLatch secretBroken = new CountDownLatch(1);
        try (WebhookReceiver broken = new WebhookReceiver(n -> {
            firstAttempt.countDown();
            awaitQuietly(secretBroken);
            return 503;
        }); WebhookReceiver healthy = new WebhookReceiver(n -> 200)) {
            String brokenId = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL,
                    AggregationStrategy.MERGE, List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)),
                    new NewExecution.Webhook(broken.url(), List.of("execution.started"), SECRET));
            assertTrue(firstAttempt.await(30, TimeUnit.SECONDS));
            // As if the key had been changed since the secret was stored.
            QuarkusTransaction.requiringNew().run(() -> em
                    .createNativeQuery("update executions set webhook_secret = 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' where id = ?1")
                    .setParameter(1, brokenId).executeUpdate());
            secretBroken.countDown();

            JsonPath log = awaitLog(caller, brokenId, l -> "FAILED".equals(l.getString("data[0].status")));
            assertEquals(2, log.getInt("data[0].attempts"));
            assertEquals("Webhook secret of " + brokenId + " could not be decrypted",
                    log.getString("data[0].attemptLog[1].error"));

            String healthyId = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL,
                    AggregationStrategy.MERGE, List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)),
                    new NewExecution.Webhook(healthy.url(), List.of("execution.started"), SECRET));
            awaitLog(caller, healthyId, l -> "DELIVERED".equals(l.getString("data[0].status")));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theDeliveryLogBelongsToTheExecutionsAccount() {
        Caller owner = TestCallers.sandbox();
        String id = executions.accept(owner, "Plan the launch", ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)));

        as(owner).when().get("/v1/executions/" + id + "/webhooks").then().statusCode(200).body("data.size()", equalTo(0));
        as(TestCallers.sandbox()).when().get("/v1/executions/" + id + "/webhooks").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND")).body("requestId", notNullValue());
        as(TestCallers.sandbox()).when().post("/v1/executions/" + id + "/webhooks/whd_0000000000000000/redeliver")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(owner).when().post("/v1/executions/" + id + "/webhooks/whd_0000000000000000/redeliver")
                .then().statusCode(404).body("message", equalTo("Webhook delivery whd_0000000000000000 not found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data", "http://192.168.1.1:8080/x",
            "http://[::ffff:172.16.0.1]/x", "http://[fd00:ec2::254]/x", "http://100.64.1.1/x", "http://0.0.0.0:8081/x"})
    void submissionRefusesWebhooksToNonPublicAddresses(String url) {
        as(TestCallers.sandbox()).contentType(ContentType.JSON)
                .body("{\"query\": \"Plan the launch\", \"webhook\": {\"url\": \"" + url + "\"}}")
                .when().post("/v1/orchestrate").then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("webhook.url"))
                .body("message", startsWith("webhook.url is not allowed: host "));
    }

    @Test
    void theAddressIsCheckedAgainAtDelivery() {
        // Stored without the submission check, as a name re-pointed after the submission would be.
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)),
                new NewExecution.Webhook("http://10.255.255.1/hook", List.of("execution.started"), SECRET));

        JsonPath log = awaitLog(caller, id, l -> "FAILED".equals(l.getString("data[0].status")));
        assertEquals(1, log.getInt("data[0].attempts"), "a refused address is not retried");
        assertNull(log.get("data[0].attemptLog[0].statusCode"));
        assertEquals("host 10.255.255.1 resolves to a private address, which may not be called",
                log.getString("data[0].attemptLog[0].error"));
    }

    private static JsonPath awaitLog(Caller caller, String id, Predicate<JsonPath> done) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> as(caller).when().get("/v1/executions/" + id + "/webhooks").then().statusCode(200)
                        .extract().jsonPath(), done::test);
    }

    private JsonNode tree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readId(WebhookReceiver.Received received) {
        return tree(received.body()).get("id").asText();
    }

    /** Runs the documented snippet with python3 on the exact body (as text, as the snippet expects) and signature. */
    private static boolean receiverSnippetVerifies(String payload, String signature, String secret) throws Exception {
        Path dir = Files.createTempDirectory("webhook-verify");
        Path payloadFile = Files.writeString(dir.resolve("payload.json"), payload, StandardCharsets.UTF_8);
        Path script = Files.writeString(dir.resolve("verify.py"), RECEIVER_SNIPPET + """

                import sys
                payload = open(sys.argv[1], encoding="utf-8").read()
                sys.exit(0 if verify_webhook(payload, sys.argv[2], sys.argv[3]) else 1)
                """);
        Process python = new ProcessBuilder("python3", script.toString(), payloadFile.toString(), signature, secret)
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = python.waitFor();
        assertTrue(exit == 0 || exit == 1, "python3 ran the snippet: " + output);
        return exit == 0;
    }

    /** The simulated agent reports 80 to 100 % of its typical 100 units. */
    private static void assertUnitsDrawn(JsonNode units) {
        assertTrue(units.isNumber() && units.decimalValue().compareTo(new BigDecimal("80")) >= 0
                && units.decimalValue().compareTo(new BigDecimal("100")) <= 0, "usage units " + units);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
