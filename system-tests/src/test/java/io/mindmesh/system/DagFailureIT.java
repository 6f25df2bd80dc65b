package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DAG whose one branch fails, with a live key through the gateway: the corer produces the core
 * sample the analyst consumes, the surveyor stands alone. The corer answers 503 on every attempt;
 * the surveyor, already running, finishes; the analyst is never called. The execution FAILS and is
 * charged the surveyor's step and the fee only; the rest of the hold is released
 * (orchestrator-service README, Modes: "A failure starts no new step, lets running ones finish,
 * skips the rest and FAILS the execution").
 */
class DagFailureIT {

    private static final String VERTICAL = "st-dag-" + UUID.randomUUID().toString().substring(0, 8);

    private static AgentServer corer;
    private static AgentServer analyst;
    private static AgentServer surveyor;

    @BeforeAll
    static void startAgents() {
        corer = AgentServer.register(VERTICAL + "-corer", VERTICAL, List.of(), List.of("core_sample"));
        analyst = AgentServer.register(VERTICAL + "-analyst", VERTICAL, List.of("core_sample"), List.of("thaw_depth"));
        surveyor = AgentServer.register(VERTICAL + "-surveyor", VERTICAL, List.of(), List.of("site_survey"));
    }

    @AfterAll
    static void stopAgents() {
        List.of(corer, analyst, surveyor).forEach(AgentServer::close);
    }

    @Test
    void aFailedBranchSkipsItsDependentsAndChargesOnlyTheCompletedSteps() {
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");

        // Three quotes of 0.20 and the developer fee of 10 %.
        String executionId = as(liveKey).body(Map.of(
                        "query", "Probe the tundra permafrost and report the thaw depth",
                        "context", Map.of("failWith", Map.of(corer.name(), 503),
                                "delaysMs", Map.of(surveyor.name(), 500)),
                        "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 3, "minConfidence", 0),
                        "mode", "DAG"))
                .post("/v1/orchestrate").then().statusCode(202)
                .body("mode", equalTo("DAG"))
                .body("estimatedTotal", comparesEqualTo(new BigDecimal("0.66")))
                .extract().path("executionId");

        JsonPath failed = awaitExecution(liveKey, executionId, e -> "FAILED".equals(e.getString("status")));
        Map<String, Map<String, Object>> steps = failed.<Map<String, Object>>getList("steps").stream()
                .collect(Collectors.toMap(s -> (String) s.get("agentName"), s -> s));
        assertEquals("FAILED", steps.get(corer.name()).get("status"));
        assertTrue(String.valueOf(steps.get(corer.name()).get("error")).contains("answered HTTP 503"),
                "the corer's error: " + steps.get(corer.name()));
        assertEquals("SKIPPED", steps.get(analyst.name()).get("status"));
        assertNull(steps.get(analyst.name()).get("cost"), "a skipped step is free");
        assertEquals("COMPLETED", steps.get(surveyor.name()).get("status"));
        assertEquals(0, AgentServer.STEP_COST.compareTo(new BigDecimal(steps.get(surveyor.name()).get("cost").toString())));
        assertEquals(2, corer.received(executionId).size(), "the corer was tried twice (a 503 is retried)");
        assertEquals(List.of(), analyst.received(executionId), "the analyst was never called");

        // The surveyor's 0.16 and the fee of 0.016; the rest of the 0.66 released.
        assertEquals(0, new BigDecimal("0.176").compareTo(failed.getObject("actualCost", BigDecimal.class)));
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("9.824")))
                .body("held", comparesEqualTo(BigDecimal.ZERO))
                .body("available", comparesEqualTo(new BigDecimal("9.824")));
        assertEquals(Map.of(executionId, "CAPTURED 0.176000 0.484000"), Platform.shared().query("wallet",
                "select hold_id, status || ' ' || captured || ' ' || released from holds where hold_id = any(?)",
                List.of(executionId)));
    }
}
