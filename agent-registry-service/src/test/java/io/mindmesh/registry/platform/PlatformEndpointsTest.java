package io.mindmesh.registry.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** What operators and other services rely on besides the API: probes, contract, metrics, request ids. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class PlatformEndpointsTest {

    @Test
    void livenessAnswersUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void openApiDescribesTheCatalogSelectionAndOperatorEndpoints() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/v1/agents"))
                .body("paths", hasKey("/v1/agents/{id}"))
                .body("paths", hasKey("/v1/workflows"))
                .body("paths", hasKey("/v1/workflows/{slug}"))
                .body("paths", hasKey("/internal/v1/selections"))
                .body("paths", hasKey("/internal/v1/agents"))
                .body("paths", hasKey("/internal/v1/agents/{id}/versions"))
                .body("paths", hasKey("/internal/v1/workflows/{slug}"))
                .body("paths.'/internal/v1/agents'.post.requestBody.content.'application/json'.schema.$ref",
                        is("#/components/schemas/AgentDefinition"));
    }

    @Test
    void metricsCountSelectionsByOutcome() {
        given().contentType(ContentType.JSON).body("""
                {"query": "bake a chocolate cake"}""")
                .when().post("/internal/v1/selections")
                .then().statusCode(200);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("mindmesh_registry_selections_total{outcome=\"empty\"}"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void theRequestIdIsEchoedOrAssigned() {
        given().header("X-Request-ID", "req_echo_me")
                .when().get("/v1/agents/agent_email_campaign")
                .then().statusCode(200)
                .header("X-Request-ID", "req_echo_me");

        given().when().get("/v1/agents/agent_email_campaign")
                .then().statusCode(200)
                .header("X-Request-ID", startsWith("req_"));
    }
}
