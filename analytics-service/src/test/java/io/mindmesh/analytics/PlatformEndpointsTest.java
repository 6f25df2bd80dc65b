package io.mindmesh.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What operators and the Helm chart rely on: probes, the API description and the metrics endpoint. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class PlatformEndpointsTest {

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void readinessChecksTheDatabaseButNotKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", not(hasItem("kafka")))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void kafkaIsReportedAsItsOwnHealthGroupAndGauge() {
        given().when().get("/q/health/group/kafka")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("kafka"))
                .body("checks.find { it.name == 'kafka' }.data.brokers", equalTo(1));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("mindmesh_kafka_up 1.0"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/events/agent"))
                .body("paths", hasKey("/api/v1/agents/list"))
                .body("paths", hasKey("/api/v1/agents"))
                .body("paths", hasKey("/v1/events"))
                .body("paths", hasKey("/v1/analytics/usage"))
                .body("paths", hasKey("/internal/v1/analytics/usage"));
    }

    @Test
    void anUnknownPathAnswersTheEnvelope() {
        given().header("X-Account-Id", "acc_unknown_path")
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("Resource not found"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("kafka_consumer_"));
    }
}
