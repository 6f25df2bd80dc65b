package io.mindmesh.orchestrator.outbox;

import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
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
import io.agroal.api.AgroalDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The outbox relay publishes every lifecycle event to the real Kafka broker, keyed and in sequence. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class OutboxRelayTest {

    @Inject
    TestExecutions executions;

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource dataSource;

    /** The relay's lanes (orchestrator.outbox.relay-lanes) and the first key of their advisory locks. */
    private static final int LANES = 4;
    private static final int LANE_LOCKS = 0x6f757462;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyEventOfAnExecutionReachesKafkaAsACloudEventKeyedByTheExecution() throws Exception {
        double publishedBefore = publishedCount(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, List.of(
                TestAgents.flatPriced(TestAgents.simulated("email-campaign-agent", "0.92", 10)),
                TestAgents.flatPriced(TestAgents.simulated("social-media-agent", "0.85", 10))));
        awaitFinished(caller, id);

        List<JsonNode> events = readEventsOf(id, 6);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), events.stream().map(e -> e.get("sequence").asLong()).toList());
        assertEquals("io.mindmesh.execution.started", events.getFirst().get("type").asText());
        assertEquals("io.mindmesh.execution.completed", events.getLast().get("type").asText());
        assertEquals(2, events.stream().filter(e -> e.get("type").asText().equals("io.mindmesh.agent.started")).count());
        assertEquals(2, events.stream().filter(e -> e.get("type").asText().equals("io.mindmesh.agent.completed")).count());
        JsonNode first = events.getFirst();
        assertEquals(PlatformEvent.SPEC_VERSION, first.get("specversion").asText());
        assertEquals("/orchestrator", first.get("source").asText());
        assertEquals(id, first.get("subject").asText());
        assertEquals(caller.accountId(), first.get("accountid").asText());
        assertEquals("test", first.get("environment").asText());
        assertEquals("PENDING", first.at("/data/status").asText());
        JsonNode completedAgent = events.stream()
                .filter(e -> e.get("type").asText().equals("io.mindmesh.agent.completed")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("0.20").compareTo(completedAgent.at("/data/cost").decimalValue()),
                "agent events carry the step cost (a flat 0.20)");
        assertTrue(completedAgent.at("/data/stepId").asText().startsWith("step_"));
        assertEquals("COMPLETED", events.getLast().at("/data/status").asText());
        assertTrue(events.getLast().at("/data/output").has("email-campaign-agent"));
        assertEquals(6, events.stream().map(e -> e.get("id").asText()).distinct().count(), "event ids are unique");

        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> outbox.forExecution(id).stream().allMatch(row -> row.publishedAt != null)));
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(publishedCount(metrics) >= publishedBefore + 6,
                "each of its acknowledged events is timed in mindmesh_outbox_publish_delay_seconds");
    }

    /**
     * A lane another relay holds waits, the other lanes go on: here every lane is held by a
     * transaction of the test, as another replica's relay would, and given back one at a time.
     */
    @Test
    void aLaneHeldByAnotherRelayWaitsWhileTheOthersArePublished() throws Exception {
        Caller caller = TestCallers.sandbox();
        Map<Integer, Connection> held = new HashMap<>();
        try {
            for (int lane = 0; lane < LANES; lane++) {
                Connection connection = dataSource.getConnection();
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, LANE_LOCKS);
                    lock.setInt(2, lane);
                    lock.execute();
                }
                held.put(lane, connection);
            }
            String first = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                    List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)));
            String other;
            do {
                other = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                        List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)));
            } while (laneOf(other) == laneOf(first));
            String second = other;
            awaitFinished(caller, first);
            awaitFinished(caller, second);
            Thread.sleep(1500); // longer than the relay's safety-net interval
            assertEquals(0, publishedRows(first), "a held lane is not published");
            assertTrue(outbox.lanesWithEvents(LANES).containsAll(List.of(laneOf(first), laneOf(second))),
                    "the lanes whose events wait are the ones the relay wakes");

            held.remove(laneOf(first)).commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> publishedRows(first) == 4);
            assertEquals(0, publishedRows(second), "the other lane still waits for its holder");
            held.remove(laneOf(second)).commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> publishedRows(second) == 4);
            assertEquals(List.of(1L, 2L, 3L, 4L), readEventsOf(second, 4).stream().map(e -> e.get("sequence").asLong())
                    .toList(), "one execution's events reach Kafka in the order they were written");
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.lanesWithEvents(LANES).isEmpty());
        } finally {
            for (Connection connection : held.values()) {
                connection.rollback();
                connection.close();
            }
        }
    }

    private int laneOf(String executionId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lane = connection.prepareStatement("select (hashtext(?) & 2147483647) % ?")) {
            lane.setString(1, executionId);
            lane.setInt(2, LANES);
            try (ResultSet row = lane.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private long publishedRows(String executionId) {
        return QuarkusTransaction.requiringNew().call(
                () -> outbox.forExecution(executionId).stream().filter(row -> row.publishedAt != null).count());
    }

    private static double publishedCount(String prometheus) {
        return prometheus.lines().filter(line -> line.startsWith("mindmesh_outbox_publish_delay_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Reads the topic from the beginning until {@code expected} events of the execution arrived, in Kafka's order. */
    private List<JsonNode> readEventsOf(String executionId, int expected) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(PlatformEvent.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (executionId.equals(record.key())) {
                        found.add(mapper.readTree(record.value()));
                    }
                }
            }
        }
        return found;
    }
}
