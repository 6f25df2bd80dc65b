package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real {@code http} agents (servers this test starts) registered by an operator and run
 * through the gateway with a live key. The five agents are the only ones of their vertical, so
 * every execution here selects exactly them.
 */
class HttpAgentsIT {

    private static final String VERTICAL = "st-http-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long AGENT_LATENCY_MS = 200;
    private static final long BLOCKING_MS = 20_000;

    private static Map<String, AgentServer> agents;
    private static String liveKey;

    @BeforeAll
    static void startAgents() {
        agents = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            AgentServer agent = AgentServer.register(VERTICAL + "-" + i, VERTICAL);
            agents.put(agent.name(), agent);
        }
        String accountId = account("developer");
        topUp(accountId, "20.00");
        liveKey = key(accountId, "live");
    }

    @AfterAll
    static void stopAgents() {
        agents.values().forEach(AgentServer::close);
    }

    @Test
    void parallelRunsFiveAgentsOf200msSideBySide() {
        String executionId = submit("PARALLEL", delays(name -> AGENT_LATENCY_MS));

        List<Map<String, Object>> steps = awaitExecution(liveKey, executionId,
                e -> "COMPLETED".equals(e.getString("status"))).getList("steps");

        assertEquals(5, steps.size());
        for (Map<String, Object> step : steps) {
            assertEquals("COMPLETED", step.get("status"));
            assertTrue(((Number) step.get("durationMs")).longValue() >= AGENT_LATENCY_MS,
                    "each agent really took its 200 ms: " + step);
        }
        // The agent phase as the agents saw it: first request received to last answer sent. Every
        // agent was called before any answered: all five ran at the same time.
        List<Instant> calls = agents.values().stream().flatMap(a -> a.received(executionId).stream())
                .map(AgentServer.Request::at).sorted().toList();
        List<Instant> answers = agents.values().stream().flatMap(a -> a.answered().stream())
                .filter(answer -> answer.executionId().equals(executionId))
                .map(AgentServer.Answer::at).sorted().toList();
        assertTrue(calls.getLast().isBefore(answers.getFirst()), "the five calls overlap: " + calls + " " + answers);
        Duration agentPhase = Duration.between(calls.getFirst(), answers.getLast());
        assertTrue(agentPhase.toMillis() < 5 * AGENT_LATENCY_MS / 2, "five 200 ms agents in parallel took "
                + agentPhase.toMillis() + " ms, not well under 1000 ms; steps: " + steps);
        agents.values().forEach(agent -> assertEquals(1, agent.received(executionId).size(),
                agent.name() + " is called once"));
    }

    @Test
    void sequentialHandsEachAgentThePreviousOutput() {
        String executionId = submit("SEQUENTIAL", Map.of());

        List<Map<String, Object>> steps = awaitExecution(liveKey, executionId,
                e -> "COMPLETED".equals(e.getString("status"))).getList("steps");

        steps = steps.stream().sorted(Comparator.comparing(s -> ((Number) s.get("position")).intValue())).toList();
        assertEquals(5, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            String name = (String) step.get("agentName");
            assertEquals(AgentServer.outputOf(name, (String) step.get("stepId")), step.get("output"),
                    "the step's output is what the agent server answered");
            List<AgentServer.Request> requests = agents.get(name).received(executionId);
            assertEquals(1, requests.size());
            JsonNode upstream = requests.get(0).body().path("upstream");
            if (i == 0) {
                assertTrue(upstream.isEmpty(), "the first agent has no upstream: " + upstream);
            } else {
                Map<String, Object> previous = steps.get(i - 1);
                assertEquals(previous.get("output"), upstream.path((String) previous.get("agentName")).asText(),
                        name + " received the output of " + previous.get("agentName") + ": " + upstream);
            }
        }
    }

    @Test
    void cancelWhileAgentsBlockChargesOnlyTheFinishedSteps() {
        List<String> names = List.copyOf(agents.keySet());
        Map<String, Long> delays = delays(name -> names.indexOf(name) < 2 ? 0 : BLOCKING_MS);
        BigDecimal before = as(liveKey).get("/v1/wallet").then().statusCode(200).extract()
                .jsonPath().getObject("balance", BigDecimal.class);
        String executionId = submit("PARALLEL", delays);
        awaitExecution(liveKey, executionId, e -> e.getList("steps.status").stream()
                .filter("COMPLETED"::equals).count() == 2);
        Await.until(() -> names.stream().filter(n -> agents.get(n).received(executionId).size() == 1).count(),
                called -> called == 5, Duration.ofSeconds(10), "every agent to be called");

        as(liveKey).post("/v1/executions/" + executionId + "/cancel").then().statusCode(oneOf(200, 202));

        JsonPath cancelled = awaitExecution(liveKey, executionId, e -> "CANCELLED".equals(e.getString("status")));
        Map<String, List<Map<String, Object>>> byStatus = cancelled.<Map<String, Object>>getList("steps").stream()
                .collect(Collectors.groupingBy(s -> (String) s.get("status")));
        assertEquals(2, byStatus.get("COMPLETED").size());
        assertEquals(3, byStatus.get("CANCELLED").size());
        byStatus.get("CANCELLED").forEach(step -> assertNull(step.get("cost"), "a cancelled step is free"));
        BigDecimal finished = byStatus.get("COMPLETED").stream()
                .map(step -> new BigDecimal(step.get("cost").toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, finished.compareTo(AgentServer.STEP_COST.multiply(BigDecimal.TWO)), "two finished steps");
        BigDecimal developerFee = finished.multiply(new BigDecimal("0.10")).max(new BigDecimal("0.01"))
                .setScale(6, RoundingMode.HALF_EVEN);
        BigDecimal actual = cancelled.getObject("actualCost", BigDecimal.class);
        assertEquals(0, actual.compareTo(finished.add(developerFee)), "actual cost " + actual);

        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(before.subtract(actual)))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }

    private static Map<String, Long> delays(Function<String, Long> delayOf) {
        return agents.keySet().stream().collect(Collectors.toMap(name -> name, delayOf));
    }

    @Test
    void theAgentsVerifyTheOrchestratorsCallsWhileTheirAddressesStayHidden() {
        String executionId = submit("PARALLEL", delays(name -> 0L));
        awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));

        AgentServer first = agents.values().iterator().next();
        agents.values().forEach(agent -> assertEquals(0, agent.refused(), agent.name() + " verified every call"));
        // Neither the catalog nor the execution tells an API consumer where an agent listens.
        String agentId = "agent_" + first.name().replace('-', '_');
        as(liveKey).get("/v1/agents/" + agentId).then().statusCode(200)
                .body("runtime.type", equalTo("http"))
                .body("runtime", not(hasKey("endpoint")));
        String address = first.endpoint().substring("http://".length());
        assertFalse(as(liveKey).get("/v1/agents?vertical=" + VERTICAL).asString().contains(address));
        assertFalse(as(liveKey).get("/v1/executions/" + executionId).asString().contains(address));
        // Whoever learns the address anyway cannot make the agent work: the call is not signed.
        RestAssured.given().contentType("application/json")
                .body(first.received(executionId).getFirst().body().toString())
                .post(first.endpoint()).then().statusCode(401);
        assertEquals(1, first.refused());
        assertEquals(1, first.received(executionId).size(), "the unsigned call did no work");
    }

    private static String submit(String mode, Map<String, Long> delaysMs) {
        return as(liveKey).body(Map.of(
                        "query", "Probe the tundra permafrost and report the thaw depth",
                        "context", Map.of("delaysMs", delaysMs),
                        "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 5,
                                "minConfidence", 0),
                        "mode", mode))
                .post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
    }
}
