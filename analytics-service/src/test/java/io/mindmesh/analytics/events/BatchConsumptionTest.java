package io.mindmesh.analytics.events;

import static io.mindmesh.analytics.support.TestEvents.event;
import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.mindmesh.analytics.support.TestEvents.newExecution;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.analytics.support.KafkaEvents;
import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.analytics.support.TestEvents;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A poll of the execution events topic is stored in one transaction with one insert; the unique
 * event id keeps redeliveries out, and a record the database refuses goes to the dead-letter topic
 * while its batch-mates are stored exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class BatchConsumptionTest {

    private static final int POLL = 500;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    @Inject
    MeterRegistry meters;

    @Test
    void aPollOfFiveHundredEventsIsStoredInOneTransactionAndARedeliveryAddsNothing() {
        String account = newAccount();
        String execution = newExecution();
        List<PlatformEvent> events = new ArrayList<>();
        events.add(event(EventType.EXECUTION_STARTED).account(account).execution(execution).status("RUNNING")
                .query("Summarise the batch").build());
        // Without a query of its own: it takes its execution's, read earlier in the same poll.
        events.add(event(EventType.AGENT_STARTED).account(account).execution(execution)
                .agent("agent_batch", "Batch").build());
        for (int i = events.size(); i < POLL; i++) {
            events.add(event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                    .agent("agent_batch", "Batch").build());
        }
        double completedStored = consumed("agent.completed", "stored");
        double completedDuplicates = consumed("agent.completed", "duplicate");

        KafkaEvents.sendInOneBatch(execution, json(events));
        stored.awaitCount(account, POLL);

        assertEquals(1, stored.transactions(account), "the whole poll is written by one transaction");
        assertTrue(stored.single(account, "invocation_start").payload.contains("Summarise the batch"));
        awaitConsumed("agent.completed", "stored", completedStored + POLL - 2);

        // The relay republishes after a lost acknowledgement: the same events again, and one new one.
        PlatformEvent fresh = event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                .agent("agent_batch", "Batch").build();
        KafkaEvents.sendInOneBatch(execution, json(Stream.concat(events.stream(), Stream.of(fresh)).toList()));
        stored.awaitCount(account, POLL + 1);

        awaitConsumed("agent.completed", "duplicate", completedDuplicates + POLL - 2);
        assertEquals(completedStored + POLL - 1, consumed("agent.completed", "stored"));
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndItsBatchMatesAreStoredOnce() {
        String account = newAccount();
        String execution = newExecution();
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(completed(account, execution));
        }
        // PostgreSQL cannot store a NUL character in jsonb: it refuses the whole insert of the poll.
        PlatformEvent poison = event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                .agent("agent_batch", "Batch").output(objectMapper.getNodeFactory().textNode("a\u0000b")).build();
        events.add(poison);
        for (int i = 0; i < 3; i++) {
            events.add(completed(account, execution));
        }
        double storedBefore = consumed("agent.completed", "stored");
        double rejectedBefore = consumed("agent.completed", "rejected");
        double duplicatesBefore = consumed("agent.completed", "duplicate");

        KafkaEvents.sendInOneBatch(execution, json(events));
        stored.awaitCount(account, 6);

        var dead = KafkaEvents.awaitDeadLetter(r -> r.value().contains(poison.id()));
        assertTrue(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("unsupported Unicode escape sequence"));
        awaitConsumed("agent.completed", "rejected", rejectedBefore + 1);
        assertEquals(storedBefore + 6, consumed("agent.completed", "stored"));
        assertEquals(duplicatesBefore, consumed("agent.completed", "duplicate"));
    }

    /**
     * Executions spread over the topic's partitions, every agent.started sent in a later flush than
     * its execution.started: each still takes its execution's query, from the same poll or from the
     * table.
     */
    @Test
    void anAgentStartedInALaterPollTakesItsExecutionsQueryFromTheTable() {
        String account = newAccount();
        List<String> executions = Stream.generate(TestEvents::newExecution).limit(150).toList();
        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            KafkaEvents.sendAll(executions.stream().map(execution -> event(EventType.EXECUTION_STARTED)
                    .account(account).execution(execution).status("RUNNING").query("Query of " + execution).build())
                    .map(kafka::json).toList(), executions);
            KafkaEvents.sendAll(executions.stream().map(execution -> event(EventType.AGENT_STARTED)
                    .account(account).execution(execution).agent("agent_order", "Order").build())
                    .map(kafka::json).toList(), executions);
        }
        stored.awaitCount(account, 2L * executions.size());

        assertEquals(executions.size(), stored.invocationsWithTheirExecutionsQuery(account));
    }

    private static PlatformEvent completed(String account, String execution) {
        return event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                .agent("agent_batch", "Batch").build();
    }

    private List<String> json(List<PlatformEvent> events) {
        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            return events.stream().map(kafka::json).toList();
        }
    }

    private void awaitConsumed(String type, String outcome, double expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(expected, consumed(type, outcome)));
    }

    private double consumed(String type, String outcome) {
        var counter = meters.find("analytics.events.consumed").tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
