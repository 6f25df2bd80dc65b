package io.mindmesh.orchestrator.stream;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import io.mindmesh.orchestrator.outbox.service.OutboxRetention;
import io.mindmesh.orchestrator.support.SseClient;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/executions/{id}/stream} read by a real SSE client. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class ExecutionStreamTest {

    @Inject
    TestExecutions executions;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRetention retention;

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityManager em;

    @Test
    void aClientThatDropsAndResumesWithLastEventIdGetsEveryEventExactlyOnceInOrder() throws Exception {
        Caller caller = TestCallers.sandbox();
        // Four agents one after the other, 300 ms each (test latency scale 0.01): the stream is read while it runs.
        String id = executions.accept(caller, "Plan the launch", ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("agent-a", "0.95", 30_000), TestAgents.simulated("agent-b", "0.90", 30_000),
                        TestAgents.simulated("agent-c", "0.85", 30_000), TestAgents.simulated("agent-d", "0.80", 30_000)));
        String path = "/v1/executions/" + id + "/stream";

        List<SseClient.Event> received = new ArrayList<>();
        try (SseClient first = SseClient.connect(RestAssured.port, path, caller, null)) {
            assertEquals(200, first.status());
            assertTrue(first.contentType().startsWith("text/event-stream"), first.contentType());
            for (int i = 0; i < 3; i++) {
                received.add(first.next());
            }
        }
        assertFalse("COMPLETED".equals(TestExecutions.view(caller, id).getString("status")),
                "the client dropped while the execution ran");
        try (SseClient resumed = SseClient.connect(RestAssured.port, path, caller, received.getLast().id())) {
            received.addAll(resumed.rest());
        }

        assertEquals("COMPLETED", awaitFinished(caller, id).getString("status"), "the run was not affected");
        List<OutboxEvent> stored = QuarkusTransaction.requiringNew().call(() -> outbox.forExecution(id));
        assertEquals(10, stored.size());
        assertEquals(LongStream.rangeClosed(1, 10).mapToObj(Long::toString).toList(),
                received.stream().map(SseClient.Event::id).toList(), "every event once, in order");
        assertEquals(stored.stream().map(e -> e.eventType).toList(),
                received.stream().map(SseClient.Event::event).toList());
        JsonNode completed = mapper.readTree(received.getLast().data());
        assertEquals("execution.completed", received.getLast().event());
        assertEquals(id, completed.get("executionId").asText());
        assertEquals("COMPLETED", completed.get("status").asText());
        ObjectNode fifth = (ObjectNode) mapper.readTree(received.get(4).data());
        assertEquals(0, costOfCompletedSteps(stored, 5).compareTo(fifth.remove("costSoFar").decimalValue()),
                "data carries the cost of the steps completed so far");
        assertEquals(mapper.readTree(stored.get(4).payload).get("data"), fifth, "and otherwise is the CloudEvent's data");
        assertEquals(0, costOfCompletedSteps(stored, 10).compareTo(completed.get("costSoFar").decimalValue()),
                "the resumed stream went on counting from the events the client already had");
        assertTrue(completed.get("costSoFar").decimalValue().signum() > 0);
    }

    @Test
    void aStreamOpenedAsItsExecutionStartsEndsWithTheFinalEvent() throws Exception {
        Caller caller = TestCallers.sandbox();
        for (int i = 0; i < 30; i++) {
            // One 50 ms agent: the execution starts at its admission and ends while the stream opens and reads.
            String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                    List.of(TestAgents.simulated("agent-a", "0.95", 5_000)));
            try (SseClient client = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream", caller, null)) {
                List<SseClient.Event> events = client.rest();
                assertEquals(List.of("1", "2", "3", "4"), events.stream().map(SseClient.Event::id).toList(),
                        "run " + i + ": " + events.stream().map(SseClient.Event::event).toList());
                assertEquals("execution.completed", events.getLast().event());
            }
        }
    }

    @Test
    void aFinishedExecutionReplaysEverythingAndEnds() throws Exception {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("agent-a", "0.95", 10), TestAgents.simulated("agent-b", "0.90", 10)));
        awaitFinished(caller, id);

        try (SseClient client = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream", caller, null)) {
            List<SseClient.Event> events = client.rest();
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), events.stream().map(SseClient.Event::id).toList());
            assertEquals("execution.started", events.getFirst().event());
            assertEquals("execution.completed", events.getLast().event());
            assertEquals(List.of(), client.otherLines(), "only id, event, data and comment lines");
        }
        try (SseClient browser = SseClient.connect(RestAssured.port,
                "/v1/executions/" + id + "/stream?lastEventId=4", caller, null)) {
            assertEquals(List.of("5", "6"), browser.rest().stream().map(SseClient.Event::id).toList(),
                    "the lastEventId query parameter resumes too");
        }
    }

    @Test
    void heartbeatsKeepAQuietStreamAlive() throws Exception {
        Caller caller = TestCallers.sandbox();
        // One agent of 1.5 s: longer than the test heartbeat interval (0.5 s).
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("slow-agent", "0.95", 150_000)));

        try (SseClient client = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream", caller, null)) {
            List<SseClient.Event> events = client.rest();
            assertEquals("execution.completed", events.getLast().event());
            assertTrue(client.comments().contains("heartbeat"), "comments: " + client.comments());
        }
    }

    @Test
    void anotherAccountsOrAnUnknownExecutionIs404AndABadLastEventIdIs400() {
        Caller owner = TestCallers.sandbox();
        String id = executions.accept(owner, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("agent-a", "0.95", 10)));

        as(TestCallers.sandbox()).when().get("/v1/executions/" + id + "/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(owner).when().get("/v1/executions/exec_0000000000000000/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"))
                .body("message", equalTo("Execution exec_0000000000000000 not found"));
        as(owner).header("Last-Event-ID", "abc").when().get("/v1/executions/" + id + "/stream").then()
                .statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("Last-Event-ID"));
    }

    @Test
    void publishedEventsOlderThanTheRetentionAreDeletedAndUnpublishedOnesKept() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("agent-a", "0.95", 10)));
        awaitFinished(caller, id);
        Instant markedUnpublished = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update outbox_events
                set published_at = case when sequence = 1 then null else now() - interval '73 hours' end
                where execution_id = ?1""")
                .setParameter(1, id).executeUpdate());

        retention.purge();

        List<OutboxEvent> left = QuarkusTransaction.requiringNew().call(() -> outbox.forExecution(id));
        assertEquals(1, left.size(), "only the unpublished event is kept");
        assertEquals(1, left.getFirst().sequence);
        // The relay runs meanwhile and may have published it again: then only just now, never 73 h ago.
        Instant publishedAt = left.getFirst().publishedAt;
        assertTrue(publishedAt == null || !publishedAt.isBefore(markedUnpublished.minusSeconds(1)), "published at " + publishedAt);
    }

    /** The sum of the {@code agent.completed} costs among the first {@code count} stored events. */
    private BigDecimal costOfCompletedSteps(List<OutboxEvent> stored, int count) throws Exception {
        BigDecimal sum = BigDecimal.ZERO;
        for (OutboxEvent event : stored.subList(0, count)) {
            if ("agent.completed".equals(event.eventType)) {
                sum = sum.add(mapper.readTree(event.payload).get("data").get("cost").decimalValue());
            }
        }
        return sum;
    }
}
