package io.mindmesh.orchestrator.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.support.SseClient;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Work starts when it is committed, not at the next poll: with every safety-net poll set to a
 * minute, executions are still claimed, and streams still see their events, within seconds.
 */
@QuarkusTest
@TestProfile(WakeUpTest.SlowPolls.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class WakeUpTest {

    private static final Duration WELL_BEFORE_ANY_POLL = Duration.ofSeconds(15);

    public static class SlowPolls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orchestrator.scheduler.claim-interval", "60s",
                    "orchestrator.outbox.relay-interval", "60s",
                    "orchestrator.stream.poll-interval", "60s",
                    "orchestrator.stream.heartbeat-interval", "60s");
        }
    }

    @Inject
    TestExecutions executions;

    @Test
    void aSubmissionIsHandedToARunnerAtItsCommit() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("quick", "0.9", 10)));

        assertEquals("COMPLETED", awaitFinished(caller, id).getString("status"));
    }

    @Test
    void anExecutionRequeuedByAnotherTransactionIsClaimedOnItsNotification() {
        Caller caller = TestCallers.sandbox();
        // Held by a replica that died: the reaper re-queues it in a transaction of its own, which
        // only notifies (PostgreSQL NOTIFY, received back through this replica's listener).
        String id = executions.claimedFromTheQueueByAGoneWorker(caller,
                List.of(TestAgents.simulated("quick", "0.9", 10)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(List.of(1), view.getList("steps.attempts"));
    }

    @Test
    void aStreamReceivesTheFinalEventWhenItIsCommitted() throws Exception {
        Caller caller = TestCallers.sandbox();
        // 30 s × the test latency scale (0.01): the stream is open before the agent finishes.
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("steady", "0.9", 30_000)));
        try (SseClient client = SseClient.connect(RestAssured.port, "/v1/executions/" + id + "/stream", caller,
                null)) {
            long began = System.nanoTime();
            List<String> events = client.rest().stream().map(SseClient.Event::event).toList();

            assertEquals("execution.completed", events.getLast());
            assertTrue(Duration.ofNanos(System.nanoTime() - began).compareTo(WELL_BEFORE_ANY_POLL) < 0,
                    "the stream ended within " + WELL_BEFORE_ANY_POLL + ", not at its 60 s poll");
        }
    }

    private static JsonPath awaitFinished(Caller caller, String id) {
        return await().atMost(WELL_BEFORE_ANY_POLL).pollInterval(Duration.ofMillis(50))
                .until(() -> TestExecutions.view(caller, id),
                        view -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(view.getString("status")));
    }
}
