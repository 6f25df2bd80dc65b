package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.newKeyWithScopes;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The workflow, app, worker and agent routes and the operator app catalog, against stub
 * orchestrator and registry services.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = StubServices.class, restrictToAnnotatedClass = true)
class DeveloperRoutesTest {

    @Test
    void aWorkflowRunGoesToTheOrchestratorWithEitherKeyHeader() {
        String account = newAccount("business");
        String key = newKey(account, "live");

        given().header("x-api-key", key).contentType(ContentType.JSON).body("{\"variables\":{}}")
                .when().post("/v1/workflows/launch/run")
                .then().statusCode(200).body("from", equalTo("orchestrator"));
        StubServices.Received received = StubServices.lastTo("/v1/workflows/launch/run");
        assertEquals("POST", received.method());
        assertEquals("{\"variables\":{}}", received.body());
        assertEquals(account, received.header("X-Account-Id"));
        assertTrue(!received.header("Authorization").contains(key), "the key never leaves the gateway");

        given().auth().oauth2(key).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/workflows/launch/run")
                .then().statusCode(200).body("from", equalTo("orchestrator"));
    }

    @Test
    void anIdempotencyKeyTravelsOnToTheOrchestratorWhichKeepsItsOwnPromise() {
        String key = newKey(newAccount("developer"), "live");

        given().auth().oauth2(key).header("X-Idempotency-Key", "launch-2026-12").contentType(ContentType.JSON)
                .body("{\"variables\":{}}")
                .when().post("/v1/workflows/launch/run")
                .then().statusCode(200);

        assertEquals("launch-2026-12", StubServices.lastTo("/v1/workflows/launch/run").header("X-Idempotency-Key"));
    }

    @Test
    void aWorkflowExecutionsStreamIsTheOrchestratorsNotAnalytics() {
        String key = newKey(newAccount("developer"), "live");

        given().auth().oauth2(key).when().get("/api/v1/workflows/execute/exec_1/stream")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .body(containsString("event: completed"));
        assertEquals("orchestrator", StubServices.lastTo("/api/v1/workflows/execute/exec_1/stream").service());

        String readerOfAnalyticsOnly = newKeyWithScopes(newAccount("developer"), List.of("analytics:read"));
        given().auth().oauth2(readerOfAnalyticsOnly).when().get("/api/v1/workflows/execute/exec_1/stream")
                .then().statusCode(403).body("details", equalTo("Missing scope: executions:read"));
    }

    @Test
    void appWorkerAndAgentRunsNeedTheOrchestrateScope() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        for (String run : List.of("apps", "workers", "agents")) {
            given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"appId\":\"app_1\"}")
                    .when().post("/developer/v2/" + run + "/run")
                    .then().statusCode(200).body("from", equalTo("orchestrator"));
            StubServices.Received received = StubServices.lastTo("/developer/v2/" + run + "/run");
            assertEquals(account, received.header("X-Account-Id"));
            assertEquals("{\"appId\":\"app_1\"}", received.body());
        }
        String reader = newKeyWithScopes(account, List.of("catalog:read"));
        given().auth().oauth2(reader).contentType(ContentType.JSON).body("{}")
                .when().post("/developer/v2/apps/run")
                .then().statusCode(403).body("details", equalTo("Missing scope: orchestrate"));
    }

    @Test
    void aSynchronousRunOutlastsTheNormalTimeoutWithoutHoldingAWorkerThread() throws InterruptedException {
        String key = newKey(newAccount("enterprise"), "live");
        long delay = StubServices.ORCHESTRATOR_TIMEOUT_MS * 2L;

        // The normal class gives up at the orchestrator's timeout...
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/orchestrate?delayMs=" + delay)
                .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));

        // ...a long-running run waits, and more of them than there are worker threads wait at once
        // while the gateway keeps answering other requests.
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(StubServices.WORKER_THREADS * 2);
        StubServices.closeGate();
        try {
            for (int i = 0; i < StubServices.WORKER_THREADS * 2; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(key).contentType(ContentType.JSON)
                        .body("{}").when().post("/developer/v2/apps/run?gate").then().extract().statusCode(), clients));
            }
            await(() -> StubServices.all().stream().filter(r -> r.pathAndQuery().equals("/developer/v2/apps/run?gate"))
                    .count() >= StubServices.WORKER_THREADS * 2);
            given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(200);
            assertTrue(runs.stream().noneMatch(CompletableFuture::isDone),
                    "every run reached the orchestrator and another request was answered while they all waited");
            Thread.sleep(delay); // held by the orchestrator for longer than the normal timeout
        } finally {
            StubServices.openGate();
        }
        runs.forEach(run -> assertEquals(200, run.join()));
        clients.shutdown();
    }

    @Test
    void aPollIsForwardedWithoutAKeyOrAnAccountAndLimitedPerClient() {
        TestClock.SHARED.freezeAt(TestClock.eighteenSecondsIntoThisMinute());
        try {
            given().when().get("/developer/v2/agents/run/poll/tok_abc")
                    .then().statusCode(200).body("from", equalTo("orchestrator"))
                    .header("X-RateLimit-Limit", equalTo(String.valueOf(StubServices.POLLS_PER_MINUTE)));
            StubServices.Received received = StubServices.lastTo("/developer/v2/agents/run/poll/tok_abc");
            assertNull(received.header("X-Account-Id"));
            assertNull(received.header("X-Account-Tier"));
            assertTrue(received.header("Authorization").startsWith("Bearer "), "the service token still goes along");

            for (int poll = 2; poll <= StubServices.POLLS_PER_MINUTE; poll++) {
                given().when().get("/developer/v2/agents/run/poll/tok_abc").then().statusCode(200);
            }
            // The budget is the address's, whatever token it polls.
            given().when().get("/developer/v2/agents/run/poll/tok_other")
                    .then().statusCode(429).body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                    .header("Retry-After", equalTo("42"));
        } finally {
            TestClock.SHARED.release();
        }
    }

    @Test
    void catalogLoadsGoToTheRegistry() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        for (String path : List.of("/developer/v2/workers/load", "/developer/v2/agents/load",
                "/developer/v2/workers/wrk_1/workflows")) {
            given().auth().oauth2(key).when().get(path).then().statusCode(200).body("from", equalTo("registry"));
            assertEquals(account, StubServices.lastTo(path).header("X-Account-Id"));
        }
        String runner = newKeyWithScopes(account, List.of("orchestrate"));
        given().auth().oauth2(runner).when().get("/developer/v2/workers/load")
                .then().statusCode(403).body("details", equalTo("Missing scope: catalog:read"));
    }

    @Test
    void appLoadNamesTheKeysAccountAsTheOrganisation() {
        String account = given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme Research", "tier", "business"))
                .post("/v1/admin/accounts").then().statusCode(201).extract().path("id");
        String key = newKeyWithScopes(account, List.of("wallet:read"));

        given().auth().oauth2(key).when().get("/developer/v2/apps/load")
                .then().statusCode(200).body("orgId", equalTo(account)).body("orgName", equalTo("Acme Research"));
        assertTrue(StubServices.all().stream().noneMatch(r -> r.pathAndQuery().contains("apps/load")),
                "the gateway answers it itself");
    }

    @Test
    void developerPathsAskForAKeyFirstAndUnknownOnesAreNotFound() {
        for (String path : List.of("/developer/v2/apps/load", "/developer/v2/nothing", "/developer/v2/workers/load")) {
            given().when().get(path).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"))
                    .body("requestId", startsWith("req_"));
        }
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).when().get("/developer/v2/nothing")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().auth().oauth2(key).when().delete("/developer/v2/apps/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void operatorsManageAppsThroughTheRegistrysInternalApi() {
        String token = operatorToken();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"demo\"}")
                .when().post("/v1/admin/apps").then().statusCode(200).body("from", equalTo("registry"));
        StubServices.Received created = StubServices.lastTo("/internal/v1/apps");
        assertEquals("POST", created.method());
        assertEquals("operator", created.header("X-Operator"));

        for (String method : List.of("GET", "PATCH", "DELETE")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                    .when().request(method, "/v1/admin/apps/app_1").then().statusCode(200);
            assertEquals(method, StubServices.lastTo("/internal/v1/apps/app_1").method());
        }
        given().auth().oauth2(newKey(newAccount("developer"), "live")).when().get("/v1/admin/apps")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void manyOperatorCallsAtOnceAreAllAnswered() {
        String token = operatorToken();
        ExecutorService operators = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String method = List.of("GET", "PATCH", "DELETE", "POST").get(i % 4);
                calls.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                        .contentType(ContentType.JSON).body("{}")
                        .when().request(method, "/v1/admin/apps/app_" + method).then().extract().statusCode(),
                        operators));
            }
            calls.forEach(call -> assertEquals(200, call.join()));
        } finally {
            operators.shutdown();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
