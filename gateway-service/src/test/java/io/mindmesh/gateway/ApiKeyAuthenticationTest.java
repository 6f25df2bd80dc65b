package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ApiKeyAuthenticationTest {

    @Test
    void healthIsPublic() {
        given().when().get("/health")
                .then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void missingKeyIsUnauthorizedInTheSeedEnvelope() {
        given().when().get("/v1/auth/test")
                .then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("message", equalTo("Invalid or missing API key"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void unknownOrMalformedKeysAreUnauthorized() {
        given().header("Authorization", "Bearer mk_live_" + "x".repeat(40)).when().get("/v1/auth/test")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer not-a-key").when().get("/v1/auth/test")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/v1/agents")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void liveKeyIdentifiesItsAccountByBearerAndByApiKeyHeader() {
        String account = newAccount("business");
        String key = newKey(account, "live");

        given().auth().oauth2(key).when().get("/v1/auth/test")
                .then().statusCode(200)
                .body("authenticated", equalTo(true))
                .body("accountId", equalTo(account))
                .body("tier", equalTo("business"))
                .body("environment", equalTo("live"));
        given().header("x-api-key", key).when().get("/v1/auth/test")
                .then().statusCode(200).body("accountId", equalTo(account));
    }

    @Test
    void sandboxKeysAreTestEnvironment() {
        String account = newAccount("developer");
        String key = newKey(account, "test");

        given().auth().oauth2(key).when().get("/v1/auth/test")
                .then().statusCode(200).body("environment", equalTo("test"));
    }

    @Test
    void suspendedAccountIsForbidden() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        given().auth().oauth2(operatorToken()).when().post("/v1/admin/accounts/" + account + "/suspend")
                .then().statusCode(200).body("status", equalTo("suspended"));

        given().auth().oauth2(key).when().get("/v1/auth/test")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
    }

    @Test
    void requestIdIsTakenWhenWellFormedAndGeneratedOtherwise() {
        given().header("X-Request-ID", "client-trace-42").when().get("/v1/auth/test")
                .then().statusCode(401)
                .header("X-Request-ID", equalTo("client-trace-42"))
                .body("requestId", equalTo("client-trace-42"));
        given().header("X-Request-ID", "bad id with spaces").when().get("/v1/auth/test")
                .then().statusCode(401)
                .header("X-Request-ID", matchesPattern("req_[0-9a-f]{24}"))
                .body("requestId", not(equalTo("bad id with spaces")));
    }

    @Test
    void aServiceThatIsDownIsServiceUnavailableWithRetryAfter() {
        String key = newKey(newAccount("developer"), "live");

        given().auth().oauth2(key).when().get("/v1/executions/exec_unknown")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("error", equalTo("SERVICE_UNAVAILABLE"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void unknownPathAsksForAKeyThenIsNotFoundInTheEnvelope() {
        given().when().get("/v1/nothing-here")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(newKey(newAccount("developer"), "live")).when().get("/v1/nothing-here")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }
}
