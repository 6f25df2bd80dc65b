package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.asGatewayTo;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With two orchestrator processes running, killing one in the middle of executions
 * leaves none stuck and none charged twice. The killed replica is a process this test starts and
 * owns; the shared one keeps serving the other tests.
 */
class OrchestratorCrashIT {

    private static final String VERTICAL = "st-crash-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int EXECUTIONS = 20;
    private static final long AGENT_MS = 2_000;
    private static final BigDecimal TOP_UP = new BigDecimal("50.00");
    private static final String REPLICA = "orchestrator-service#crash";
    private static final String TIER = "business";

    @Test
    void killingAReplicaMidRunLeavesEveryExecutionSettledExactlyOnce() throws Exception {
        List<AgentServer> agents = List.of(AgentServer.register(VERTICAL + "-1", VERTICAL),
                AgentServer.register(VERTICAL + "-2", VERTICAL));
        Process replica = Platform.shared().startOrchestratorReplica(REPLICA);
        try {
            String accountId = account(TIER);
            topUp(accountId, TOP_UP.toPlainString());
            String liveKey = key(accountId, "live");
            Map<String, Long> delays = agents.stream().collect(Collectors.toMap(AgentServer::name, a -> AGENT_MS));

            List<String> executionIds = submit(accountId, liveKey, delays);
            awaitBothReplicasRunning(executionIds);
            replica.destroyForcibly().waitFor();

            Map<String, String> statuses = Await.until(
                    () -> orchestrator("select id, status from executions where id = any(?)", executionIds),
                    s -> s.values().stream().allMatch(status -> status.equals("COMPLETED") || status.equals("FAILED")),
                    Duration.ofSeconds(60), "every execution to complete or fail");
            assertEquals(EXECUTIONS, statuses.size());
            Map<String, String> failures = orchestrator("select id, error from executions where id = any(?) "
                    + "and status = 'FAILED'", executionIds);
            assertTrue(!failures.isEmpty() && failures.values().stream().allMatch(e -> e.contains("lease expired")),
                    "the killed replica's executions fail as abandoned, and only those: " + failures);

            Map<String, String> actualCosts = orchestrator(
                    "select id, coalesce(actual_cost, 0) from executions where id = any(?)", executionIds);
            Map<String, String> captured = wallet("select hold_id, captured from holds where hold_id = any(?)",
                    executionIds);
            Map<String, String> held = wallet("select hold_id, status from holds where hold_id = any(?)", executionIds);
            BigDecimal charged = BigDecimal.ZERO;
            for (String id : executionIds) {
                BigDecimal actual = new BigDecimal(actualCosts.get(id));
                assertEquals(0, actual.compareTo(new BigDecimal(captured.get(id))),
                        id + " (" + statuses.get(id) + ") is charged exactly its actual cost");
                assertTrue(Set.of("CAPTURED", "RELEASED").contains(held.get(id)), id + " holds nothing any more");
                charged = charged.add(actual);
            }
            as(liveKey).get("/v1/wallet").then().statusCode(200)
                    .body("balance", comparesEqualTo(TOP_UP.subtract(charged)))
                    .body("held", comparesEqualTo(BigDecimal.ZERO));

            Map<String, String> completions = orchestrator("select payload->'data'->>'stepId', count(*) "
                    + "from outbox_events where execution_id = any(?) and event_type = 'agent.completed' group by 1", executionIds);
            assertTrue(!completions.isEmpty());
            completions.forEach((step, count) -> assertEquals("1", count, step + " completed once"));
            List<String> answered = agents.stream().flatMap(a -> a.answered().stream())
                    .map(AgentServer.Answer::stepId).toList();
            assertEquals(new HashSet<>(answered).size(), answered.size(), "no step ran twice: " + answered);
        } finally {
            replica.destroyForcibly();
            agents.forEach(AgentServer::close);
        }
    }

    /**
     * Half through the gateway, which forwards to the shared orchestrator, and half straight to the
     * test's replica the way the gateway sends them (its service token and the caller's headers):
     * a replica with a free slot starts what it admits itself, so each replica runs what it
     * admitted. A few at a time; not all twenty at once, which exhausts the wallet's connection
     * pool on this small machine (holds of one account queue on its balance row) and opens the
     * orchestrator's circuit breaker to the wallet.
     */
    private static List<String> submit(String accountId, String liveKey, Map<String, Long> delays) throws Exception {
        Map<String, Object> request = Map.of(
                "query", "Probe the tundra permafrost and report the thaw depth",
                "context", Map.of("delaysMs", delays),
                "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 2, "minConfidence", 0),
                "mode", "SEQUENTIAL");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> posts = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                RequestSpecification caller = i % 2 == 0 ? as(liveKey) : asGatewayTo(REPLICA, accountId, TIER);
                posts.add(() -> caller.body(request).post("/v1/orchestrate")
                        .then().statusCode(202).extract().path("executionId"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : pool.invokeAll(posts)) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Kill only once both replicas hold leases and some steps have finished: the middle of the run. */
    private static void awaitBothReplicasRunning(List<String> executionIds) {
        Await.until(() -> orchestrator("select lease_owner, count(*) from executions where id = any(?) "
                        + "and status = 'RUNNING' group by lease_owner", executionIds),
                owners -> owners.size() == 2, Duration.ofSeconds(30), "both replicas to run some executions");
        Await.until(() -> orchestrator("select status, count(*) from execution_steps where execution_id = any(?) "
                        + "group by status", executionIds),
                steps -> steps.containsKey("COMPLETED"), Duration.ofSeconds(30), "the first steps to finish");
    }

    private static Map<String, String> orchestrator(String sql, List<String> executionIds) {
        return Platform.shared().query("orchestrator", sql, executionIds);
    }

    private static Map<String, String> wallet(String sql, List<String> executionIds) {
        return Platform.shared().query("wallet", sql, executionIds);
    }
}
