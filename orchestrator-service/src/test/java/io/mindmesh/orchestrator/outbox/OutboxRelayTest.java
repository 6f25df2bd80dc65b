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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
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

    private static double publishedCount(String prometheus) {
        return prometheus.lines().filter(line -> line.startsWith("mindmesh_outbox_publish_delay_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Reads the topic from the beginning until {@code expected} events of the execution arrived. */
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
        found.sort((a, b) -> Long.compare(a.get("sequence").asLong(), b.get("sequence").asLong()));
        return found;
    }
}
