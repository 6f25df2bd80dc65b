package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A signed webhook whose receiver fails once: the live execution's {@code execution.completed} is
 * answered 500, retried, answered 200; the delivery log shows both attempts, both carry the same
 * event, and the signature of each verifies with the subscription's secret (orchestrator-service
 * README, Webhooks: the header signs the raw body, the body's {@code signature} signs the body
 * without itself). The delivered body reports what was charged.
 */
class WebhookRetryIT {

    private static final String VERTICAL = "st-hook-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = "whsec-system-test-retry";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the receiver got it. */
    record Received(Headers headers, String body) {
    }

    @Test
    void aDeliveryAnswered500IsRetriedAndBothAttemptsAreSignedAndLogged() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestHeaders(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(received.size() == 1 ? 500 : 200, -1);
            }
        });
        receiver.start();
        AgentServer agent = AgentServer.register(VERTICAL + "-1", VERTICAL);
        try {
            String accountId = account("developer");
            topUp(accountId, "10.00");
            String liveKey = key(accountId, "live");
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";

            String executionId = as(liveKey).body(Map.of(
                            "query", "Probe the tundra permafrost and report the thaw depth",
                            "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 1,
                                    "minConfidence", 0),
                            "webhook", Map.of("url", url, "events", List.of("execution.completed"), "secret", SECRET)))
                    .post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
            awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));

            JsonPath log = Await.until(() -> as(liveKey).get("/v1/executions/" + executionId + "/webhooks").then()
                    .statusCode(200).extract().jsonPath(), l -> "DELIVERED".equals(l.getString("data[0].status")),
                    Duration.ofSeconds(60), "the delivery to succeed");
            assertEquals(1, log.getList("data").size(), "one subscribed event, one delivery");
            assertEquals("execution.completed", log.getString("data[0].event"));
            assertEquals(2, log.getInt("data[0].attempts"));
            assertEquals(List.of(1, 2), log.getList("data[0].attemptLog.attempt"));
            assertEquals(List.of(500, 200), log.getList("data[0].attemptLog.statusCode"));

            assertEquals(2, received.size(), "one failed attempt, one delivered: " + received);
            String deliveryId = log.getString("data[0].deliveryId");
            for (Received attempt : received) {
                JsonNode body = JSON.readTree(attempt.body());
                assertEquals(log.getString("data[0].eventId"), body.path("id").asText(), "the same event each time");
                assertEquals(deliveryId, attempt.headers().getFirst("X-Mindmesh-Delivery"));
                assertEquals("execution.completed", attempt.headers().getFirst("X-Mindmesh-Event"));
                assertEquals(body.path("timestamp").asText(), attempt.headers().getFirst("X-Mindmesh-Timestamp"));
                assertEquals(sign(attempt.body()), attempt.headers().getFirst("X-Mindmesh-Signature"),
                        "the header signs the raw body");
                String signature = body.path("signature").asText();
                String unsigned = attempt.body().replace(",\"signature\":\"" + signature + "\"", "");
                assertTrue(unsigned.length() < attempt.body().length(), "the body carries its signature last");
                assertEquals(sign(unsigned), signature, "the body's signature signs the body without itself");
                // One step of 0.16 and the developer fee of 0.016.
                assertEquals(0, new BigDecimal("0.176").compareTo(body.path("data").path("cost").decimalValue()));
            }
            as(liveKey).get("/v1/wallet").then().statusCode(200)
                    .body("balance", comparesEqualTo(new BigDecimal("9.824")))
                    .body("held", comparesEqualTo(BigDecimal.ZERO));
        } finally {
            receiver.stop(0);
            agent.close();
        }
    }

    private static String sign(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
