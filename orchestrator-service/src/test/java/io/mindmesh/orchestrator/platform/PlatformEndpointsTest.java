package io.mindmesh.orchestrator.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class PlatformEndpointsTest {

    @Inject
    TestExecutions executions;

    @Inject
    MeterRegistry metrics;

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksTheDatabaseButNotKafka() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", not(hasItem("Kafka connection health check")))
                .body("checks.name", not(hasItem("kafka")));
    }

    @Test
    void kafkaIsReportedAsItsOwnHealthGroupAndGauge() {
        given().when().get("/q/health/group/kafka").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.data.brokers", equalTo(1));
        // The gauge is set by a check every 10 s; right after a start it may not have run yet.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("mindmesh_kafka_up 1.0")));
    }

    @Test
    void openApiDescribesThePublicEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/v1/orchestrate'.post", notNullValue())
                .body("paths.'/v1/executions/{id}'.get", notNullValue())
                .body("paths.'/v1/executions'.get", notNullValue());
    }

    @Test
    void prometheusMetricsExposeExecutionsAgentsOutboxAndQueue() {
        double completed = count("mindmesh.executions", "mode", "SEQUENTIAL", "status", "COMPLETED");
        double calls = count("mindmesh.agent.call.duration", "agent", "metered-agent", "outcome", "completed");
        double claims = count("mindmesh.executions.scheduling.delay");
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("metered-agent", "0.9", 10)));
        TestExecutions.awaitFinished(caller, id);

        // Counted by this execution, not left by others: the final status may be read just before it is counted.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(completed + 1, count("mindmesh.executions", "mode", "SEQUENTIAL", "status", "COMPLETED"));
            assertEquals(calls + 1, count("mindmesh.agent.call.duration", "agent", "metered-agent", "outcome", "completed"));
            assertTrue(count("mindmesh.executions.scheduling.delay") >= claims + 1, "its claim was timed");
        });
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("mindmesh_executions_total{mode=\"SEQUENTIAL\",status=\"COMPLETED\"}"))
                .body(containsString("mindmesh_agent_call_duration_seconds_bucket{agent=\"metered-agent\",outcome=\"completed\""))
                .body(containsString("mindmesh_outbox_backlog"))
                .body(containsString("mindmesh_executions_queued{tier=\"developer\"}"))
                .body(containsString("mindmesh_executions_scheduling_delay_seconds_count"));
    }

    /** A counter's or timer's count; 0 while it does not exist yet (looking it up never creates it). */
    private double count(String name, String... tags) {
        var counter = metrics.find(name).tags(tags).counter();
        if (counter != null) {
            return counter.count();
        }
        var timer = metrics.find(name).tags(tags).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void unknownPathsAnswerInTheEnvelope() {
        given().when().get("/v1/nothing-here").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND")).body("requestId", notNullValue());
    }
}
