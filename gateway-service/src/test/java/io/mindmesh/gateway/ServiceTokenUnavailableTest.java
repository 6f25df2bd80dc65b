package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When Keycloak cannot issue the gateway's service token, the platform is unavailable: 503, not 500. */
@QuarkusTest
@TestProfile(ServiceTokenUnavailableTest.TokenEndpointDown.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ServiceTokenUnavailableTest {

    /** Operator tokens are still verified by the real Keycloak; only the token endpoint is unreachable. */
    public static class TokenEndpointDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc-client.auth-server-url", "http://127.0.0.1:1/realms/mindmesh");
        }
    }

    @Test
    void aForwardedRequestIsServiceUnavailableWithRetryAfter() {
        String apiKey = newKey(newAccount("developer"), "live");
        given().header("Authorization", "Bearer " + apiKey).when().get("/v1/agents")
                .then().statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("SERVICE_UNAVAILABLE"))
                .body("requestId", startsWith("req_"));
        given().when().get("/q/metrics")
                .then().body(containsString("gateway_service_token_failures_total"));
    }

    @Test
    void anOperatorTopUpIsServiceUnavailable() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("amount", 10, "reference", "no-token"))
                .when().post("/v1/admin/accounts/" + account + "/top-ups")
                .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
    }
}
