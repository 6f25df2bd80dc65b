package io.mindmesh.orchestrator.security;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.ServiceAuthenticationProfile;
import io.mindmesh.testing.ServiceTokenChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator both ways: it serves only MindMesh services (a Keycloak token with the realm
 * role {@code service}), and its own calls to the registry and the wallet carry its token.
 */
@QuarkusTest
@TestProfile(ServiceAuthenticationTest.WithStubs.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class ServiceAuthenticationTest extends ServiceTokenChecks {

    /** The token check on, the registry and the wallet stubbed. */
    public static class WithStubs extends ServiceAuthenticationProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
            resources.add(new TestResourceEntry(RegistryAndWalletStub.class));
            return resources;
        }
    }

    @Override
    protected RequestSpecification caller() {
        return as(TestCallers.live());
    }

    @Override
    protected String protectedPath() {
        return "/v1/executions";
    }

    @Override
    protected void assertServed(ValidatableResponse response) {
        response.body("data", equalTo(List.of()));
    }

    @Test
    void callsToTheRegistryAndTheWalletCarryTheOrchestratorsServiceToken() throws IOException {
        caller().auth().oauth2(KeycloakServer.shared().serviceToken("gateway-service"))
                .contentType(ContentType.JSON).body("{\"query\": \"Write a launch announcement\"}")
                .when().post("/v1/orchestrate")
                .then().statusCode(402).body("error", equalTo("INSUFFICIENT_BALANCE"));

        for (String path : List.of(RegistryAndWalletStub.SELECTIONS, RegistryAndWalletStub.HOLDS)) {
            String authorization = RegistryAndWalletStub.AUTHORIZATION.getOrDefault(path, "");
            assertTrue(authorization.startsWith("Bearer "), path + " got no bearer token: '" + authorization + "'");
            JsonNode claims = claims(authorization.substring("Bearer ".length()));
            assertEquals("orchestrator-service", claims.path("azp").asText(), path + " got another client's token");
            assertTrue(claims.path("realm_access").path("roles").toString().contains("\"service\""),
                    path + " got a token without the service role");
        }
    }

    /** The token's payload; its signature is the called service's business, checked in the tests above. */
    private static JsonNode claims(String jwt) throws IOException {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
