package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Money is never lost, created or charged twice, even across two wallet replicas. */
class WalletReplicasIT {

    private static final BigDecimal HOLD = new BigDecimal("0.40");
    private static final BigDecimal CAPTURE = new BigDecimal("0.25");
    private static final long TOKEN_REFRESH_NANOS = Duration.ofMinutes(1).toNanos();
    private static String orchestratorToken;
    private static long tokenFetchedAt;

    @Test
    void twoHundredConcurrentHoldsAndCapturesAcrossTwoReplicasBalanceExactly() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "30.00");
        String liveKey = key(accountId, "live");
        List<String> replicas = replicas();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Boolean>> operations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String holdReplica = replicas.get(i % 2);
            String captureReplica = replicas.get((i + 1) % 2);
            operations.add(() -> holdAndCapture(accountId, holdReplica, captureReplica));
        }
        long captured = 0;
        try {
            for (Future<Boolean> outcome : pool.invokeAll(operations)) {
                captured += outcome.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }

        assertTrue(captured > 0, "some holds must have fitted in the balance");
        BigDecimal expected = new BigDecimal("30.00").subtract(CAPTURE.multiply(BigDecimal.valueOf(captured)));
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(expected))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }

    /**
     * One hot wallet under 2,000 holds and captures spread over both replicas, each capture sent to
     * both replicas at once: the batches of the two replicas interleave on the wallet's rows, and
     * every hold is captured exactly once.
     */
    @Test
    void twoThousandHoldsAndCapturesOnOneHotWalletAcrossTwoReplicasCaptureEachHoldOnce() throws Exception {
        int operations = 2000;
        String accountId = account("developer");
        topUp(accountId, "1000.00");
        String liveKey = key(accountId, "live");
        List<String> replicas = replicas();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        ExecutorService racingCaptures = Executors.newFixedThreadPool(32);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            String holdReplica = replicas.get(i % 2);
            String otherReplica = replicas.get((i + 1) % 2);
            calls.add(() -> {
                String holdId = placeHold(accountId, holdReplica);
                Future<?> racing = racingCaptures.submit(() -> capture(otherReplica, holdId));
                capture(holdReplica, holdId);
                racing.get();
                return true;
            });
        }
        try {
            for (Future<Boolean> outcome : pool.invokeAll(calls)) {
                assertTrue(outcome.get());
            }
        } finally {
            pool.shutdownNow();
            racingCaptures.shutdownNow();
        }

        // 1,000.00 - 2,000 x 0.25: every hold fitted, each charged once, nothing left held.
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("500.00")))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
        as(liveKey).queryParam("type", "CAPTURE").queryParam("limit", 1)
                .get("/v1/wallet/transactions").then().statusCode(200)
                .body("pagination.total", equalTo(operations));
    }

    /** The orchestrator's service token, fetched again every minute: a run outlasts one (5 min). */
    private static synchronized String orchestratorToken() {
        if (orchestratorToken == null || System.nanoTime() - tokenFetchedAt > TOKEN_REFRESH_NANOS) {
            orchestratorToken = KeycloakServer.shared().serviceToken("orchestrator-service");
            tokenFetchedAt = System.nanoTime();
        }
        return orchestratorToken;
    }

    private static List<String> replicas() {
        return List.of(Platform.shared().url("wallet-service"), Platform.shared().url(Platform.SECOND_WALLET));
    }

    private static String placeHold(String accountId, String replica) {
        String holdId = "exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        given().baseUri(replica).auth().oauth2(orchestratorToken()).contentType(ContentType.JSON)
                .body(Map.of("holdId", holdId, "accountId", accountId, "amount", HOLD))
                .post("/internal/v1/holds").then().statusCode(201);
        return holdId;
    }

    /** A capture of {@code CAPTURE}: 200 with the same result whether it applied it or found it applied. */
    private static void capture(String replica, String holdId) {
        given().baseUri(replica).auth().oauth2(orchestratorToken()).contentType(ContentType.JSON)
                .body(Map.of("amount", CAPTURE))
                .post("/internal/v1/holds/" + holdId + "/capture")
                .then().statusCode(200)
                .body("status", equalTo("CAPTURED"))
                .body("captured", equalTo(CAPTURE.floatValue()));
    }

    /**
     * A hold on one replica, its capture (retried once, as a client would) on the other, called
     * directly as the orchestrator does: with its service token.
     */
    private static boolean holdAndCapture(String accountId, String holdReplica, String captureReplica) {
        String holdId = "exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        int status = given().baseUri(holdReplica).auth().oauth2(orchestratorToken()).contentType(ContentType.JSON)
                .body(Map.of("holdId", holdId, "accountId", accountId, "amount", HOLD))
                .post("/internal/v1/holds").statusCode();
        if (status == 402) {
            return false;
        }
        assertEquals(201, status);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().baseUri(captureReplica).auth().oauth2(orchestratorToken()).contentType(ContentType.JSON)
                    .body(Map.of("amount", CAPTURE))
                    .post("/internal/v1/holds/" + holdId + "/capture")
                    .then().statusCode(200);
        }
        return true;
    }
}
