package io.mindmesh.analytics.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.ServiceAuthenticationProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Only MindMesh services, with a Keycloak token carrying the realm role {@code service}, may call analytics. */
@QuarkusTest
@TestProfile(ServiceAuthenticationProfile.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class ServiceAuthenticationTest {

    private static final String PATH = "/api/v1/agents/list";

    private static RequestSpecification caller() {
        return given().header("X-Account-Id", "acc_svcauth").header("X-Account-Tier", "developer")
                .header("X-Environment", "live");
    }

    @Test
    void aRequestWithoutATokenIsRefusedInTheEnvelope() {
        caller().when().get(PATH)
                .then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("message", equalTo("A valid bearer token is required"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void anInvalidTokenIsRefused() {
        caller().auth().oauth2("not-a-token").when().get(PATH)
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void aTokenWithoutTheServiceRoleIsForbidden() {
        caller().auth().oauth2(KeycloakServer.shared().operatorToken()).when().get(PATH)
                .then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aServiceTokenIsServed() {
        caller().auth().oauth2(KeycloakServer.shared().serviceToken("gateway-service")).when().get(PATH)
                .then().statusCode(200).body("data", notNullValue());
    }

    @Test
    void probesNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
