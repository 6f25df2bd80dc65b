package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workflow runs through the gateway: the demo catalog's {@code seo-article} workflow (every launch
 * variable has a default, so the public API's example body runs it: docs/public-api.md#workflow-run), followed through its stream_url.
 */
class WorkflowRunsIT {

    private static final String WORKFLOW = "seo-article";

    @Test
    void aRunIsStreamedToItsEndAcrossAReconnectAndChargedExactly() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");

        // The seed's own form: the key in x-api-key.
        JsonPath started = given().spec(Api.gateway()).header("x-api-key", liveKey)
                .body("{\"task\":\"Your task description here\",\"metadata\":{}}")
                .post("/v1/workflows/" + WORKFLOW + "/run")
                .then().statusCode(200)
                .body("execution_id", matchesPattern("exec_[0-9a-z]{16}"))
                .body("status", equalTo("running"))
                .body("workflow_slug", equalTo(WORKFLOW))
                .body("workflow_name", equalTo("SEO article"))
                .body("conversation_id", nullValue())
                .extract().jsonPath();
        String id = started.getString("execution_id");
        assertEquals("/api/v1/workflows/execute/" + id + "/stream", started.getString("stream_url"));

        List<EventStream.Event> events = new ArrayList<>();
        events.addAll(EventStream.read(liveKey, started.getString("stream_url"), null, first -> true));
        events.addAll(EventStream.read(liveKey, started.getString("stream_url"), events.getLast().id(), e -> false));

        assertEquals(List.of("execution.started", "agent.started", "agent.completed", "execution.completed"),
                events.stream().map(EventStream.Event::name).toList(), "every event once, in order, across the reconnect");
        assertTrue(events.get(2).data().contains("\"instructions\":\"Write an SEO article of about 800 words for"
                + " general readers on the task"), "the step received its instructions with the defaults");

        JsonPath execution = awaitExecution(liveKey, id, e -> "COMPLETED".equals(e.getString("status")));
        BigDecimal actual = execution.getObject("actualCost", BigDecimal.class);
        assertTrue(actual.signum() > 0);
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("10.00").subtract(actual)))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
        as(liveKey).get("/v1/executions").then().statusCode(200).body("data[0].executionId", equalTo(id));
    }

    @Test
    void errorsAreAnsweredInTheEnvelope() {
        String accountId = account("developer");
        String testKey = key(accountId, "test");

        as(testKey).body("{\"task\":\"x\"}").post("/v1/workflows/no-such-workflow/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(testKey).body("{\"metadata\":{}}").post("/v1/workflows/" + WORKFLOW + "/run")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("task"));
        as(testKey).body("{\"task\":\"x\",\"metadata\":{}}").post("/v1/workflows/product-launch/run")
                .then().statusCode(400).body("field", equalTo("metadata.product"));
        given().spec(Api.gateway()).body("{\"task\":\"x\"}").post("/v1/workflows/" + WORKFLOW + "/run")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        String poorKey = key(account("developer"), "live");
        as(poorKey).body("{\"task\":\"x\",\"metadata\":{}}").post("/v1/workflows/" + WORKFLOW + "/run")
                .then().statusCode(402).body("error", equalTo("INSUFFICIENT_BALANCE"));
    }
}
