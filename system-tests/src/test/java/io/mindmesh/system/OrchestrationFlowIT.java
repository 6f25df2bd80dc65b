package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The public API's orchestrate examples (docs/public-api.md#orchestrate-examples) through the gateway, across all five services. */
class OrchestrationFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void marketingCampaignRunsToCompletionIsChargedExactlyAndLeavesEvents() {
        String accountId = account("developer");
        topUp(accountId, "100.00");
        String liveKey = key(accountId, "live");

        JsonPath accepted = as(liveKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202)
                .body("executionId", matchesPattern("exec_[0-9a-z]{16}"))
                .body("status", equalTo("PENDING"))
                .body("mode", equalTo("PARALLEL"))
                .body("message", equalTo("Execution started"))
                .body("selectedAgents.name", hasItems("email-campaign-agent", "social-media-agent"))
                .body("selectedAgents.vertical", everyItem(equalTo("marketing")))
                .body("selectedAgents", hasSize(lessThanOrEqualTo(3)))
                .body("estimatedCost", greaterThan(BigDecimal.ZERO))
                .body("estimatedDuration", greaterThan(0))
                .extract().jsonPath();
        String executionId = accepted.getString("executionId");
        // What is held: the agents' estimates (estimatedCost) plus the platform fee.
        BigDecimal estimated = accepted.getObject("estimatedTotal", BigDecimal.class);
        assertEquals(0, estimated.compareTo(accepted.getObject("estimatedCost", BigDecimal.class)
                .add(accepted.getObject("platformFee", BigDecimal.class))));
        assertTrue(accepted.getString("statusUrl").endsWith("/v1/executions/" + executionId));

        JsonPath execution = awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));
        List<Map<String, Object>> steps = execution.getList("steps");
        assertEquals(accepted.getList("selectedAgents").size(), steps.size());
        assertTrue(steps.stream().allMatch(s -> "COMPLETED".equals(s.get("status"))));
        assertNotNull(execution.get("result"), "the aggregated result");
        BigDecimal actual = execution.getObject("actualCost", BigDecimal.class);
        assertTrue(actual.signum() > 0 && actual.compareTo(estimated) <= 0,
                "actual cost " + actual + " must be positive and within the estimate " + estimated);

        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("100.00").subtract(actual)))
                .body("held", comparesEqualTo(BigDecimal.ZERO))
                .body("currency", equalTo("USD"));

        String agentId = accepted.getString("selectedAgents[0].id");
        JsonPath events = awaitEvents(liveKey, agentId, executionId,
                e -> e.getList("data.eventName").containsAll(List.of("invocation_start", "node_execution")));
        assertTrue(events.getList("data.sessionId").stream().allMatch(executionId::equals));
        assertTrue(events.getList("data.environment").stream().allMatch("production"::equals));
    }

    @Test
    void sequentialAndDagExamplesComplete() {
        String accountId = account("developer");
        topUp(accountId, "50.00");
        String liveKey = key(accountId, "live");

        String sequential = as(liveKey).body(SeedExamples.CROSS_BORDER_PAYMENT).post("/v1/orchestrate")
                .then().statusCode(202).body("mode", equalTo("SEQUENTIAL")).extract().path("executionId");
        String dag = as(liveKey).body(SeedExamples.SUPPLY_CHAIN).post("/v1/orchestrate")
                .then().statusCode(202).body("mode", equalTo("DAG")).body("selectedAgents", hasSize(2))
                .extract().path("executionId");

        awaitExecution(liveKey, sequential, e -> "COMPLETED".equals(e.getString("status")));
        awaitExecution(liveKey, dag, e -> "COMPLETED".equals(e.getString("status")));
    }

    @Test
    void sandboxKeysRunSimulatedAgentsAndAreNeverCharged() {
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String sandboxKey = key(accountId, "test");

        String executionId = as(sandboxKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).extract().path("executionId");
        awaitExecution(sandboxKey, executionId, e -> "COMPLETED".equals(e.getString("status")));

        as(sandboxKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("10.00")))
                .body("sandbox", equalTo(true));
    }

    @Test
    void anEmptyWalletGetsThe402OfTheSeed() {
        String poorKey = key(account("developer"), "live");

        as(poorKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(402)
                .body("error", equalTo("INSUFFICIENT_BALANCE"))
                .body("message", startsWith("Insufficient wallet balance. Required: $"))
                .body("requiredBalance", greaterThan(BigDecimal.ZERO))
                .body("currentBalance", comparesEqualTo(BigDecimal.ZERO))
                .body("topUpUrl", notNullValue())
                .body("requestId", startsWith("req_"));
    }

    @Test
    void badInputGetsTheSeedEnvelopeOnEveryEndpoint() {
        String liveKey = key(account("developer"), "live");

        as(liveKey).body("{\"query\": \"\"}").post("/v1/orchestrate")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("query"))
                .body("message", equalTo("Query is required and must be between 1 and 10000 characters"));
        as(liveKey).body("{not json").post("/v1/orchestrate")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST"));
        as(liveKey).body(SeedExamples.UNMATCHABLE).post("/v1/orchestrate")
                .then().statusCode(404)
                .body("error", equalTo("NO_AGENTS_AVAILABLE"))
                .body("criteria.verticals", hasItem("custom-vertical"))
                .body("criteria.requiredCapabilities", hasItem("rare_capability"))
                .body("suggestion", notNullValue());
        as(liveKey).get("/v1/executions/exec_doesnotexist00")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(liveKey).get("/v1/agents/agent_does_not_exist")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(liveKey).body(Map.of("filters", Map.of())).post("/api/v1/events/agent")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("agentId"));
        as("mk_live_" + "0".repeat(40)).get("/v1/wallet")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void oneAccountNeverSeesAnothersExecution() {
        String owner = account("developer");
        topUp(owner, "5.00");
        String ownerKey = key(owner, "live");
        String otherKey = key(account("developer"), "live");

        String executionId = as(ownerKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).extract().path("executionId");

        as(otherKey).get("/v1/executions/" + executionId).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(ownerKey).get("/v1/executions/" + executionId).then().statusCode(200)
                .body("executionId", equalTo(executionId));
    }

    @Test
    void catalogIsBrowsableThroughTheGateway() {
        String liveKey = key(account("developer"), "live");
        as(liveKey).get("/v1/agents?vertical=marketing&limit=2").then().statusCode(200)
                .body("data", hasSize(2))
                .body("pagination.limit", equalTo(2))
                .body("data.vertical", everyItem(equalTo("marketing")))
                .header("X-Request-ID", startsWith("req_"));
        as(liveKey).get("/v1/agents/agent_email_campaign").then().statusCode(200)
                .body("name", equalTo("email-campaign-agent"))
                .body("id", endsWith("email_campaign"));
        as(liveKey).get("/v1/workflows/product-launch").then().statusCode(200)
                .body("slug", equalTo("product-launch"));
        Api.operator().get("/v1/admin/workflows/product-launch").then().statusCode(200)
                .body("slug", equalTo("product-launch"));
    }

    private static JsonPath awaitEvents(String key, String agentId, String executionId, Predicate<JsonPath> done) {
        return Await.until(() -> as(key)
                .body(Map.of("agentId", agentId, "filters", Map.of("sessionId", executionId), "limit", 100))
                .post("/api/v1/events/agent").then().statusCode(200).extract().jsonPath(), done, PATIENCE,
                "analytics events of " + executionId);
    }
}
