package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live and the sandbox key of one account, through the gateway: two separate worlds. Each
 * gets 404 on the other's executions (read, cancel, stream, webhooks), never sees them listed,
 * reads none of the other's analytics, and an idempotency key used by one replays nothing for the
 * other. The sandbox key sees the wallet's balance but not the live ledger's transactions.
 */
class EnvironmentScopeIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    @Test
    void eachKeyGets404OnTheOtherEnvironmentsExecutions() {
        Keys keys = Keys.ofNewAccount();
        String liveKey = keys.live();
        String testKey = keys.test();
        String live = orchestrate(liveKey);
        String sandbox = orchestrate(testKey);

        assertInvisible(testKey, live);
        assertInvisible(liveKey, sandbox);
        as(liveKey).get("/v1/executions").then().statusCode(200)
                .body("data.executionId", equalTo(List.of(live)));
        as(testKey).get("/v1/executions").then().statusCode(200)
                .body("data.executionId", equalTo(List.of(sandbox)));

        // The refused cancel stopped nothing: the live execution runs to its end.
        JsonPath finished = awaitExecution(liveKey, live, view -> FINAL.contains(view.getString("status")));
        assertEquals("COMPLETED", finished.getString("status"));
        awaitExecution(testKey, sandbox, view -> FINAL.contains(view.getString("status")));
    }

    @Test
    void theSandboxKeySeesTheBalanceButNotTheLiveLedger() {
        Keys keys = Keys.ofNewAccount();
        String liveKey = keys.live();
        String testKey = keys.test();

        as(liveKey).get("/v1/wallet/transactions").then().statusCode(200)
                .body("pagination.total", equalTo(1)).body("data[0].type", equalTo("TOP_UP"));
        as(testKey).get("/v1/wallet/transactions").then().statusCode(200)
                .body("pagination.total", equalTo(0)).body("data", equalTo(List.of()));
        as(testKey).get("/v1/wallet").then().statusCode(200)
                .body("sandbox", equalTo(true)).body("balance", comparesEqualTo(new BigDecimal("20.00")));
    }

    @Test
    void analyticsOfOneEnvironmentAreNotTheOthers() {
        Keys keys = Keys.ofNewAccount();
        String liveKey = keys.live();
        String testKey = keys.test();
        String live = orchestrate(liveKey);
        String agentId = awaitExecution(liveKey, live, view -> FINAL.contains(view.getString("status")))
                .getString("steps[0].agentId");

        // The live key reads the live execution's events (production, its default)...
        Await.until(() -> events(liveKey, agentId, live, null), page -> page.getInt("count") > 0, PATIENCE,
                "analytics events of " + live);
        // ...and the sandbox key none of them: not by default (development), not when asking for production.
        assertEquals(0, events(testKey, agentId, live, null).getInt("count"));
        assertEquals(0, events(testKey, agentId, live, "production").getInt("count"));

        as(liveKey).get("/v1/analytics/usage").then().statusCode(200)
                .body("environment", equalTo("production"))
                .body("data.agentId", hasItem(agentId));
        as(testKey).get("/v1/analytics/usage").then().statusCode(200)
                .body("environment", equalTo("development"))
                .body("count", equalTo(0));
        as(testKey).queryParam("environment", "production").get("/v1/analytics/usage").then().statusCode(200)
                .body("environment", equalTo("production"))
                .body("count", equalTo(0));
        as(liveKey).get("/api/v1/agents/list").then().statusCode(200).body("data.agentId", hasItem(agentId));
        as(testKey).get("/api/v1/agents/list").then().statusCode(200).body("data.agentId", not(hasItem(agentId)));
    }

    @Test
    void anIdempotencyKeyOfOneEnvironmentReplaysNothingForTheOther() {
        Keys keys = Keys.ofNewAccount();
        String liveKey = keys.live();
        String testKey = keys.test();
        String idempotencyKey = "scope-" + keys.accountId();

        Response sandbox = as(testKey).header("X-Idempotency-Key", idempotencyKey)
                .body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate");
        sandbox.then().statusCode(202);
        Response live = as(liveKey).header("X-Idempotency-Key", idempotencyKey)
                .body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate");
        live.then().statusCode(202).header("Idempotent-Replayed", nullValue());

        String liveId = live.path("executionId");
        assertNotEquals(sandbox.<String>path("executionId"), liveId, "the live request really ran");
        as(liveKey).get("/v1/executions/" + liveId).then().statusCode(200);
        // Within each environment the key still replays.
        as(liveKey).header("X-Idempotency-Key", idempotencyKey).body(SeedExamples.MARKETING_CAMPAIGN)
                .post("/v1/orchestrate").then().statusCode(202)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("executionId", equalTo(liveId));
        awaitExecution(liveKey, liveId, view -> FINAL.contains(view.getString("status")));
    }

    /** A new account with $20.00 and one live and one sandbox key. */
    private record Keys(String accountId, String live, String test) {
        static Keys ofNewAccount() {
            String accountId = account("developer");
            topUp(accountId, "20.00");
            return new Keys(accountId, key(accountId, "live"), key(accountId, "test"));
        }
    }

    private static String orchestrate(String apiKey) {
        return as(apiKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).extract().path("executionId");
    }

    private static void assertInvisible(String apiKey, String executionId) {
        String notFound = "Execution " + executionId + " not found";
        as(apiKey).get("/v1/executions/" + executionId).then()
                .statusCode(404).body("error", equalTo("NOT_FOUND")).body("message", equalTo(notFound));
        as(apiKey).post("/v1/executions/" + executionId + "/cancel").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(apiKey).get("/v1/executions/" + executionId + "/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(apiKey).get("/api/v1/workflows/execute/" + executionId + "/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(apiKey).get("/v1/executions/" + executionId + "/webhooks").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(apiKey).post("/v1/executions/" + executionId + "/webhooks/whd_0000000000000000/redeliver").then()
                .statusCode(404).body("message", equalTo(notFound));
    }

    private static JsonPath events(String apiKey, String agentId, String executionId, String environment) {
        Map<String, Object> filters = environment == null ? Map.of("sessionId", executionId)
                : Map.of("sessionId", executionId, "environment", environment);
        return as(apiKey).body(Map.of("agentId", agentId, "filters", filters, "limit", 100))
                .post("/api/v1/events/agent").then().statusCode(200).extract().jsonPath();
    }
}
