package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarder replaces the caller's API key with the gateway's own service token. */
@QuarkusTest
@TestProfile(ServiceTokenForwardingTest.WithRecordingRegistry.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ServiceTokenForwardingTest {

    public static class WithRecordingRegistry implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RecordingRegistry.class));
        }
    }

    @Test
    void aForwardedRequestCarriesTheGatewaysServiceTokenNotTheApiKey() throws Exception {
        String apiKey = newKey(newAccount("developer"), "live");
        given().header("Authorization", "Bearer " + apiKey).when().get("/v1/agents")
                .then().statusCode(200);

        String authorization = RecordingRegistry.AUTHORIZATION.get();
        assertTrue(authorization.startsWith("Bearer "), "no bearer token reached the registry: " + authorization);
        assertFalse(authorization.contains(apiKey), "the API key reached the registry");
        String jwt = authorization.substring("Bearer ".length());
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertEquals("gateway-service", claims.path("azp").asText());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"service\""));
    }
}
