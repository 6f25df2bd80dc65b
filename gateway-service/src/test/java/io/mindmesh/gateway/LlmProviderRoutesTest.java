package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operators' LLM provider routes ({@code /v1/admin/llm-providers}), forwarded to the
 * orchestrator's internal API with the operator named, against a stub orchestrator; nobody but an
 * operator reaches them.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = StubServices.class, restrictToAnnotatedClass = true)
class LlmProviderRoutesTest {

    private static final String BODY = "{\"baseUrl\":\"https://api.openai.com/v1\",\"apiKey\":\"sk-secret\"}";

    @Test
    void operatorsManageProvidersThroughTheOrchestratorsInternalApi() {
        String token = operatorToken();
        given().auth().oauth2(token).when().get("/v1/admin/llm-providers")
                .then().statusCode(200).body("from", equalTo("orchestrator"));
        StubServices.Received listed = StubServices.lastTo("/internal/v1/llm-providers");
        assertEquals("orchestrator", listed.service());
        assertEquals("GET", listed.method());

        for (String method : List.of("PUT", "PATCH")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(BODY)
                    .when().request(method, "/v1/admin/llm-providers/openai")
                    .then().statusCode(200).body("from", equalTo("orchestrator"));
            StubServices.Received received = StubServices.lastTo("/internal/v1/llm-providers/openai");
            assertEquals(method, received.method());
            assertEquals(BODY, received.body(), "the body, key included, reaches the orchestrator unchanged");
            assertEquals("operator", received.header("X-Operator"));
            assertTrue(received.header("Authorization").startsWith("Bearer ")
                    && !received.header("Authorization").contains(token), "the gateway's service token");
        }
        for (String method : List.of("GET", "DELETE")) {
            given().auth().oauth2(token).when().request(method, "/v1/admin/llm-providers/openai")
                    .then().statusCode(200);
            assertEquals(method, StubServices.lastTo("/internal/v1/llm-providers/openai").method());
        }
    }

    @Test
    void nobodyButAnOperatorReachesThem() {
        int before = StubServices.all().size();
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            String path = "GET".equals(method) ? "/v1/admin/llm-providers" : "/v1/admin/llm-providers/openai";
            given().contentType(ContentType.JSON).body(BODY).when().request(method, path)
                    .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
            given().auth().oauth2(newKey(newAccount("enterprise"), "live")).contentType(ContentType.JSON).body(BODY)
                    .when().request(method, path)
                    .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
            given().auth().oauth2(KeycloakServer.shared().serviceToken("wallet-service")).contentType(ContentType.JSON)
                    .body(BODY).when().request(method, path)
                    .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        }
        assertEquals(before, StubServices.all().size(), "nothing was forwarded");
    }

    @Test
    void aPathBelowAProviderIsNotForwarded() {
        given().auth().oauth2(operatorToken()).when().get("/v1/admin/llm-providers/openai/extra")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }
}
