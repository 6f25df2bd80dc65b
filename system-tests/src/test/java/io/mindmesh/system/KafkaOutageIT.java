package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KafkaBroker;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With Kafka stopped for 30 seconds while 100 executions are submitted, the outbox keeps
 * the events and analytics afterwards holds exactly one copy of each. Meanwhile the orchestrator
 * and analytics stay ready (the API stays in the load balancer): Kafka is reported apart, by the
 * {@code kafka} health group and {@code mindmesh_kafka_up}. Kafka is always started
 * again, so the tests that run after this one find it as they expect.
 */
class KafkaOutageIT {

    private static final int EXECUTIONS = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Submissions go on a little past the outage, into the broker's restart. */
    private static final Duration SUBMISSION_SPAN = OUTAGE.plusSeconds(5);
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    private static final List<String> KAFKA_USERS = List.of("orchestrator-service", "analytics-service");

    @Test
    void analyticsHoldsExactlyOneCopyOfEveryOutboxEventAfterKafkaWasDown() {
        // Enterprise: a hundred executions fit its queue and its requests a minute.
        String sandboxKey = key(account("enterprise"), "test");
        KafkaBroker kafka = Platform.shared().kafka();
        List<String> executionIds = new CopyOnWriteArrayList<>();

        kafka.stop();
        CompletableFuture<Void> submissions;
        try {
            submissions = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EXECUTIONS; i++) {
                    executionIds.add(as(sandboxKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                            .then().statusCode(202).extract().path("executionId"));
                    Platform.pause(SUBMISSION_SPAN.dividedBy(EXECUTIONS));
                }
            });
            // The kafka checks run every 10 s and give up on a silent broker after 3 s.
            Platform.pause(OUTAGE.dividedBy(2));
            for (String service : KAFKA_USERS) {
                String url = Platform.shared().url(service);
                RestAssured.get(url + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
                RestAssured.get(url + "/q/health/group/kafka").then().statusCode(503).body("status", equalTo("DOWN"));
                RestAssured.get(url + "/q/metrics").then().statusCode(200).body(containsString("mindmesh_kafka_up 0.0"));
            }
            Platform.pause(OUTAGE.dividedBy(2));
        } finally {
            kafka.start();
        }
        submissions.join();
        assertEquals(EXECUTIONS, executionIds.size());
        for (String service : KAFKA_USERS) {
            Await.until(() -> RestAssured.get(Platform.shared().url(service) + "/q/health/group/kafka").statusCode(),
                    status -> status == 200, Duration.ofMinutes(1), service + " to see Kafka again");
        }

        Await.until(() -> Platform.shared().query("orchestrator", "select id, status from executions where id = any(?)",
                executionIds), s -> FINAL.containsAll(s.values()), Duration.ofMinutes(2), "every execution to end");
        Map<String, String> outbox = Await.until(() -> Platform.shared().query("orchestrator",
                        "select event_id::text, published_at::text from outbox_events where execution_id = any(?)",
                        executionIds), events -> !events.containsValue(null), Duration.ofMinutes(1),
                "the outbox to drain");
        Map<String, String> stored = Await.until(() -> Platform.shared().query("analytics",
                        "select event_id, count(*) from events where session_id = any(?) group by event_id",
                        executionIds), events -> events.keySet().containsAll(outbox.keySet()), Duration.ofMinutes(1),
                "analytics to receive every event of the outbox");

        assertTrue(outbox.size() >= EXECUTIONS * 2, "each execution has events: " + outbox.size());
        assertEquals(outbox.keySet(), stored.keySet(), "analytics holds the outbox's events and no others");
        stored.forEach((eventId, copies) -> assertEquals("1", copies, eventId + " is stored once"));
    }
}
