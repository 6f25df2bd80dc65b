package io.mindmesh.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * What every service called by another promises about its callers' tokens, against the real
 * Keycloak of {@link ServiceAuthenticationProfile}: no token, a bad one or one not issued for the
 * services (audience {@code mindmesh-services}) is a 401, and a service token without the realm
 * role {@code service} a 403, both in the error envelope
 * (docs/public-api.md#error-envelope); a service token is served; the probes need none. A module's
 * {@code @QuarkusTest} extends this with one of its own endpoints.
 */
public abstract class ServiceTokenChecks {

    /** A request to a protected endpoint of the service, with whatever headers it needs but no token. */
    protected abstract RequestSpecification caller();

    /** A protected GET path. */
    protected abstract String protectedPath();

    /** Asserts the answer to {@link #caller()} with a valid service token of {@code gateway-service}. */
    protected abstract void assertServed(ValidatableResponse response);

    @Test
    void aRequestWithoutATokenIsRefusedInTheEnvelope() {
        caller().when().get(protectedPath())
                .then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("message", equalTo("A valid bearer token is required"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void anInvalidTokenIsRefused() {
        caller().auth().oauth2("not-a-token").when().get(protectedPath())
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        // The operator's token is real and signed by the realm, but not issued for the services.
        caller().auth().oauth2(KeycloakServer.shared().operatorToken()).when().get(protectedPath())
                .then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aServiceTokenWithoutTheServiceRoleIsForbidden() {
        // The analytics client calls no service: its token has the services' audience but no role.
        caller().auth().oauth2(KeycloakServer.shared().serviceToken("analytics-service")).when().get(protectedPath())
                .then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aServiceTokenIsServed() {
        assertServed(caller().auth().oauth2(KeycloakServer.shared().serviceToken("gateway-service"))
                .when().get(protectedPath()).then().statusCode(200));
    }

    @Test
    void probesNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
