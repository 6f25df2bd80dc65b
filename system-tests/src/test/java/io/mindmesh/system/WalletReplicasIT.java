package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Issue 5: money is never lost, created or charged twice, even across two wallet replicas. */
class WalletReplicasIT {

    private static final BigDecimal HOLD = new BigDecimal("0.40");
    private static final BigDecimal CAPTURE = new BigDecimal("0.25");
    private static final String ORCHESTRATOR_TOKEN = KeycloakServer.shared().serviceToken("orchestrator-service");

    @Test
    void twoHundredConcurrentHoldsAndCapturesAcrossTwoReplicasBalanceExactly() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "30.00");
        String liveKey = key(accountId, "live");
        List<String> replicas = List.of(Platform.shared().url("wallet-service"),
                Platform.shared().url(Platform.SECOND_WALLET));
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
     * A hold on one replica, its capture (retried once, as a client would) on the other, called
     * directly as the orchestrator does: with its service token.
     */
    private static boolean holdAndCapture(String accountId, String holdReplica, String captureReplica) {
        String holdId = "exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        int status = given().baseUri(holdReplica).auth().oauth2(ORCHESTRATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("holdId", holdId, "accountId", accountId, "amount", HOLD))
                .post("/internal/v1/holds").statusCode();
        if (status == 402) {
            return false;
        }
        assertEquals(201, status);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().baseUri(captureReplica).auth().oauth2(ORCHESTRATOR_TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("amount", CAPTURE))
                    .post("/internal/v1/holds/" + holdId + "/capture")
                    .then().statusCode(200);
        }
        return true;
    }
}
