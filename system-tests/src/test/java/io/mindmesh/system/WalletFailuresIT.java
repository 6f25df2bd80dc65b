package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.asGatewayTo;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wallet failing under a live execution, through the gateway on the real services, with the
 * orchestrators reaching the wallet through {@link WalletProxy}: a capture refused while settling,
 * a hold answered after the gateway gave up, a hold whose orchestrator died before storing the
 * execution (docs/security.md, "Money under misuse and failure"). Every execution here runs one
 * {@link AgentServer} agent of this class's vertical, quoted 0.20 and charged 0.16, on a developer
 * account (fee 10 %): 0.22 held, 0.176 captured.
 */
class WalletFailuresIT {

    private static final String VERTICAL = "st-wallet-" + UUID.randomUUID().toString().substring(0, 8);
    private static final BigDecimal TOP_UP = new BigDecimal("10.00");
    private static final BigDecimal HELD = new BigDecimal("0.22");
    private static final BigDecimal CHARGED = new BigDecimal("0.176");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Map<String, Object> REQUEST = Map.of(
            "query", "Probe the tundra permafrost and report the thaw depth",
            "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 1, "minConfidence", 0),
            "mode", "SEQUENTIAL");

    private static AgentServer agent;
    private final WalletProxy wallet = Platform.shared().walletProxy();

    @BeforeAll
    static void startAgent() {
        agent = AgentServer.register(VERTICAL + "-1", VERTICAL);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @AfterEach
    void walletWorksAgain() {
        wallet.reset();
    }

    /**
     * The worker's capture and its retries are refused (503); the execution stays unsettled, its
     * money held, until the wallet answers again; then the reaper settles it, once.
     */
    @Test
    void anExecutionWhoseCaptureTheWalletRefusesIsSettledExactlyOnceWhenTheWalletRecovers() {
        String liveKey = fundedLiveKey();
        wallet.failCaptures();

        String executionId = as(liveKey).body(REQUEST).post("/v1/orchestrate").then().statusCode(202)
                .body("estimatedTotal", comparesEqualTo(HELD)).extract().path("executionId");
        // The worker's first capture and its three retries: the worker gives up and leaves it to the reaper.
        Await.until(() -> wallet.refusedCaptures().stream().filter(executionId::equals).count(), refused -> refused >= 4,
                PATIENCE, "the wallet to refuse the worker's captures");
        as(liveKey).get("/v1/executions/" + executionId).then().statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body("steps[0].status", equalTo("COMPLETED"));
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("held", comparesEqualTo(HELD))
                .body("available", comparesEqualTo(TOP_UP.subtract(HELD)));

        wallet.reset();

        JsonPath settled = awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));
        assertEquals(0, CHARGED.compareTo(settled.getObject("actualCost", BigDecimal.class)));
        assertSettledOnce(liveKey, executionId, new BigDecimal("9.824"));
        assertEquals("CAPTURED", holdStatus(executionId));
    }

    /**
     * The wallet places the hold but answers later than the second gateway waits (2 s): the client
     * gets 503 and retries with the same {@code X-Idempotency-Key} while the first attempt still
     * waits. The retry shares the hold and answers the execution; nothing is held or run twice.
     */
    @Test
    void aRetryAfterTheGatewayGaveUpOnASlowWalletAnswersTheOneExecutionHeldOnce() {
        String liveKey = fundedLiveKey();
        String impatientGateway = Platform.shared().url(Platform.SECOND_GATEWAY);
        String idempotencyKey = "st-slow-wallet-" + UUID.randomUUID();
        WalletProxy.Withheld slowHold = wallet.withholdNextHold();

        as(liveKey, impatientGateway).header("X-Idempotency-Key", idempotencyKey).body(REQUEST)
                .post("/v1/orchestrate").then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
        String holdId = slowHold.awaitPlaced(PATIENCE);
        assertEquals(201, slowHold.status(), "the first attempt's hold was placed");

        Response retried = retryWhileUnavailable(() -> as(liveKey, impatientGateway)
                .header("X-Idempotency-Key", idempotencyKey).body(REQUEST).post("/v1/orchestrate"));
        slowHold.release();
        retried.then().statusCode(202)
                .body("executionId", equalTo(holdId))
                .body("estimatedTotal", comparesEqualTo(HELD));

        awaitExecution(liveKey, holdId, e -> "COMPLETED".equals(e.getString("status")));
        as(liveKey).get("/v1/executions").then().statusCode(200)
                .body("pagination.total", equalTo(1))
                .body("data[0].executionId", equalTo(holdId));
        assertSettledOnce(liveKey, holdId, new BigDecimal("9.824"));
        // The answer the retry got is the key's answer from now on, on either gateway.
        as(liveKey).header("X-Idempotency-Key", idempotencyKey).body(REQUEST).post("/v1/orchestrate")
                .then().statusCode(202)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("executionId", equalTo(holdId));
    }

    /**
     * An orchestrator replica dies after the wallet placed its hold and before it stored the
     * execution. The surviving replica, whose orphan age is 2 s, releases the hold: the balance is
     * whole and {@code mindmesh_holds_orphans_released_total} counts it. The gateway forwards only
     * to the shared orchestrator, so this submission goes to the doomed replica the way the gateway
     * sends it (the gateway's service token and the caller's headers).
     */
    @Test
    void aHoldWhoseReplicaDiedBeforeStoringItsExecutionIsReleased() throws Exception {
        String accountId = account("developer");
        topUp(accountId, TOP_UP.toPlainString());
        String liveKey = key(accountId, "live");
        String doomed = "orchestrator-service#doomed";
        String survivor = "orchestrator-service#orphans";
        Map<String, Process> replicas = Platform.shared().startOrchestratorReplicas(Map.of(doomed, Map.of(),
                survivor, Map.of("orchestrator.holds.orphan-age", "2s", "orchestrator.holds.orphan-check-interval", "0.5s")));
        try {
            double releasedBefore = orphansReleased(survivor);
            WalletProxy.Withheld hold = wallet.withholdNextHold();
            CompletableFuture.runAsync(() -> asGatewayTo(doomed, accountId, "developer").body(REQUEST)
                    .post("/v1/orchestrate"));
            String holdId = hold.awaitPlaced(PATIENCE);
            replicas.get(doomed).destroyForcibly().waitFor();
            hold.release();

            Await.until(() -> as(liveKey).get("/v1/wallet").then().statusCode(200).extract().jsonPath(),
                    w -> BigDecimal.ZERO.compareTo(w.getObject("held", BigDecimal.class)) == 0, PATIENCE,
                    "the orphan hold to be released");
            as(liveKey).get("/v1/wallet").then().statusCode(200)
                    .body("balance", comparesEqualTo(TOP_UP))
                    .body("available", comparesEqualTo(TOP_UP));
            assertEquals("RELEASED", holdStatus(holdId));
            as(liveKey).get("/v1/executions").then().statusCode(200).body("pagination.total", equalTo(0));
            assertTrue(orphansReleased(survivor) >= releasedBefore + 1, "the release is counted");
        } finally {
            replicas.values().forEach(Process::destroyForcibly);
        }
    }

    /**
     * A replica concludes an execution and asks the wallet to capture; the wallet captures, and the
     * replica dies before it hears so (before it marks the execution finished). The shared
     * orchestrator's reaper takes the execution over when its lease runs out and settles it again
     * with the same hold id: the wallet answers the capture it already made, so the outcome is the
     * one concluded and the money moves once. The shared orchestrator is frozen until the capture
     * reached the wallet, so the doomed replica is the one that ran the execution.
     */
    @Test
    void aReplicaThatDiesBetweenCapturingAndFinishingLeavesOneCaptureAndTheOutcome() throws Exception {
        String accountId = account("developer");
        topUp(accountId, TOP_UP.toPlainString());
        String liveKey = key(accountId, "live");
        String doomed = "orchestrator-service#concluding";
        Process replica = Platform.shared().startOrchestratorReplicas(Map.of(doomed, Map.of())).get(doomed);
        Platform.shared().freeze("orchestrator-service", true);
        try {
            WalletProxy.Withheld capture = wallet.withholdNextCapture();
            String executionId = asGatewayTo(doomed, accountId, "developer").body(REQUEST).post("/v1/orchestrate")
                    .then().statusCode(202).extract().path("executionId");
            assertEquals(executionId, capture.awaitPlaced(PATIENCE), "the doomed replica's capture reached the wallet");
            assertEquals(200, capture.status());
            replica.destroyForcibly().waitFor();
            Platform.shared().freeze("orchestrator-service", false);
            capture.release();

            JsonPath settled = awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));
            assertEquals(0, CHARGED.compareTo(settled.getObject("actualCost", BigDecimal.class)));
            assertSettledOnce(liveKey, executionId, new BigDecimal("9.824"));
            assertEquals("CAPTURED", holdStatus(executionId));
        } finally {
            Platform.shared().freeze("orchestrator-service", false);
            replica.destroyForcibly();
        }
    }

    private static String fundedLiveKey() {
        String accountId = account("developer");
        topUp(accountId, TOP_UP.toPlainString());
        return key(accountId, "live");
    }

    /** A client's retry loop: the same request again while the gateway answers 503, a few times. */
    private static Response retryWhileUnavailable(Supplier<Response> post) {
        Response response = post.get();
        for (int attempt = 1; attempt < 5 && response.statusCode() == 503; attempt++) {
            Platform.pause(Duration.ofMillis(200));
            response = post.get();
        }
        return response;
    }

    /** One hold of 0.22 and one capture of 0.176 in the wallet's history, nothing held, the balance exact. */
    private static void assertSettledOnce(String liveKey, String holdId, BigDecimal balance) {
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(balance))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
        List<Map<String, Object>> moves = as(liveKey).get("/v1/wallet/transactions?limit=100").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("data").stream()
                .filter(t -> holdId.equals(t.get("holdId"))).toList();
        assertOne(moves, "HOLD", HELD);
        assertOne(moves, "CAPTURE", CHARGED);
    }

    private static void assertOne(List<Map<String, Object>> moves, String type, BigDecimal amount) {
        List<BigDecimal> amounts = moves.stream().filter(t -> type.equals(t.get("type")))
                .map(t -> new BigDecimal(t.get("amount").toString()).abs()).toList();
        assertEquals(1, amounts.size(), "one " + type + ": " + moves);
        assertEquals(0, amount.compareTo(amounts.getFirst()), type + " of " + amount + ": " + moves);
    }

    private static String holdStatus(String holdId) {
        return Platform.shared().query("wallet", "select hold_id, status from holds where hold_id = any(?)",
                List.of(holdId)).get(holdId);
    }

    private static double orphansReleased(String replica) {
        String metrics = given().baseUri(Platform.shared().url(replica)).get("/q/metrics").asString();
        Matcher counter = Pattern.compile("(?m)^mindmesh_holds_orphans_released_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }
}
