package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/executions/{id}/stream} through the gateway, dropped after the first agent
 * finished and resumed with {@code Last-Event-ID}: across the two connections every event of the
 * three-agent SEQUENTIAL run arrives once, in sequence order without a gap, ending with
 * {@code execution.completed} and the amount charged (orchestrator-service README, Streams).
 * {@code WorkflowRunsIT} resumes a one-step workflow's stream after its first event; this one
 * resumes in the middle of the agents' events.
 */
class StreamResumeIT {

    private static final String VERTICAL = "st-sse-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<AgentServer> agents;

    @BeforeAll
    static void startAgents() {
        agents = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            agents.add(AgentServer.register(VERTICAL + "-" + i, VERTICAL));
        }
    }

    @AfterAll
    static void stopAgents() {
        agents.forEach(AgentServer::close);
    }

    @Test
    void aStreamResumedWithLastEventIdDeliversEveryEventOnce() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");
        Map<String, Long> delays = new LinkedHashMap<>();
        agents.forEach(agent -> delays.put(agent.name(), 300L));
        String executionId = as(liveKey).body(Map.of(
                        "query", "Probe the tundra permafrost and report the thaw depth",
                        "context", Map.of("delaysMs", delays),
                        "selectionCriteria", Map.of("verticals", List.of(VERTICAL), "maxAgents", 3, "minConfidence", 0),
                        "mode", "SEQUENTIAL"))
                .post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
        String stream = "/v1/executions/" + executionId + "/stream";

        List<EventStream.Event> events = new ArrayList<>(EventStream.read(liveKey, stream, null,
                event -> "agent.completed".equals(event.name())));
        events.addAll(EventStream.read(liveKey, stream, events.getLast().id(), event -> false));

        assertEquals(List.of("execution.started", "agent.started", "agent.completed", "agent.started",
                        "agent.completed", "agent.started", "agent.completed", "execution.completed"),
                events.stream().map(EventStream.Event::name).toList(), "every event once, in order: " + events);
        assertEquals(LongStream.rangeClosed(1, 8).mapToObj(Long::toString).toList(),
                events.stream().map(EventStream.Event::id).toList(), "sequences without gap or repeat");
        JsonNode last = JSON.readTree(events.getLast().data());
        // Three steps of 0.16 and the developer fee of 0.048.
        assertEquals(0, new BigDecimal("0.48").compareTo(last.path("costSoFar").decimalValue()), last.toString());
        assertEquals(0, new BigDecimal("0.528").compareTo(last.path("cost").decimalValue()), last.toString());

        awaitExecution(liveKey, executionId, e -> "COMPLETED".equals(e.getString("status")));
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("9.472")))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }
}
