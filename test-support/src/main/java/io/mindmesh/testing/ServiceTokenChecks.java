package io.mindmesh.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What every service called by another promises about its callers' tokens, against the real
 * Keycloak of {@link ServiceAuthenticationProfile}: no token, a bad one or one not issued for the
 * services (audience {@code mindmesh-services}) is a 401, and a service token without the realm
 * role {@code service} a 403, both in the error envelope
 * (docs/public-api.md#error-envelope); a service token is served, verified on its first request and
 * served from memory after that, but a token altered in one character is a stranger; the probes need
 * none. A module's {@code @QuarkusTest} extends this with one of its own endpoints.
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
        String token = KeycloakServer.shared().serviceToken("analytics-service");
        for (int call = 1; call <= 2; call++) { // the second time from memory: the role is still checked
            caller().auth().oauth2(token).when().get(protectedPath())
                    .then().statusCode(403)
                    .body("error", equalTo("FORBIDDEN"))
                    .body("requestId", startsWith("req_"));
        }
    }

    @Test
    void aServiceTokenIsServed() {
        assertServed(caller().auth().oauth2(KeycloakServer.shared().serviceToken("gateway-service"))
                .when().get(protectedPath()).then().statusCode(200));
    }

    @Test
    void aServiceTokenIsVerifiedOnceThenServedFromMemory() {
        String token = KeycloakServer.shared().serviceToken("gateway-service");
        double verified = accepted("verified");
        double cached = accepted("cached");

        for (int call = 1; call <= 3; call++) {
            assertServed(caller().auth().oauth2(token).when().get(protectedPath()).then().statusCode(200));
        }
        assertEquals(verified + 1, accepted("verified"), "verified by quarkus-oidc on its first request only");
        assertEquals(cached + 2, accepted("cached"));
    }

    @Test
    void aServedTokenAlteredInOneCharacterIsRefused() {
        String token = KeycloakServer.shared().serviceToken("gateway-service");
        assertServed(caller().auth().oauth2(token).when().get(protectedPath()).then().statusCode(200));

        // Inside the signature: its last characters may carry only padding bits.
        int at = token.length() - 20;
        String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        caller().auth().oauth2(altered).when().get(protectedPath())
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    /** The service's count of bearer tokens accepted by {@code check}: verified, or served from memory. */
    private static double accepted(String check) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^mindmesh_bearer_tokens_accepted_total\\{[^}]*check=\"" + check
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void probesNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
