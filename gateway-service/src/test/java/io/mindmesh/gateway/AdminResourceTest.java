package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class AdminResourceTest {

    @Test
    void adminEndpointsNeedAToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "tier", "developer"))
                .when().post("/v1/admin/accounts")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED")).body("requestId", startsWith("req_"));
    }

    @Test
    void adminEndpointsNeedTheOperatorRole() {
        String serviceToken = KeycloakServer.shared().serviceToken("orchestrator-service");
        given().auth().oauth2(serviceToken).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "tier", "developer"))
                .when().post("/v1/admin/accounts")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
    }

    @Test
    void operatorCreatesAnAccount() {
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme", "tier", "enterprise"))
                .when().post("/v1/admin/accounts")
                .then().statusCode(201)
                .body("id", matchesPattern("acc_[0-9a-z]{16}"))
                .body("tier", equalTo("enterprise"))
                .body("status", equalTo("active"));
    }

    @Test
    void aNewKeyIsShownOnceInFullWithItsDisplayPrefix() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "environment", "live"))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(201)
                .body("key", matchesPattern("mk_live_[0-9A-Za-z]{40}"))
                .body("prefix", hasLength("mk_live_".length() + 4))
                .body("environment", equalTo("live"));
    }

    @Test
    void badAccountInputIsAnInvalidRequestNamingTheField() {
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme", "tier", "platinum"))
                .when().post("/v1/admin/accounts")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("tier"));
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body("{\"name\": ")
                .when().post("/v1/admin/accounts")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST"));
    }

    @Test
    void keysForUnknownAccountsAreNotFound() {
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "environment", "live"))
                .when().post("/v1/admin/accounts/acc_missing/api-keys")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void badKeyEnvironmentIsRejected() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "environment", "staging"))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(400).body("field", equalTo("environment"));
    }

    @Test
    void topUpWithTheWalletDownIsServiceUnavailable() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("amount", 10, "reference", "t1"))
                .when().post("/v1/admin/accounts/" + account + "/top-ups")
                .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void topUpAmountMustBePositive() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("amount", -1, "reference", "t-negative"))
                .when().post("/v1/admin/accounts/" + account + "/top-ups")
                .then().statusCode(400).body("field", equalTo("amount"));
    }

    /** Without a reference a retried top-up could not be told from a new one: it would credit twice. */
    @Test
    void topUpNeedsAReference() {
        String account = newAccount("developer");
        for (Map<String, Object> body : List.of(Map.<String, Object>of("amount", 10),
                Map.<String, Object>of("amount", 10, "reference", " "))) {
            given().auth().oauth2(operatorToken()).contentType(ContentType.JSON).body(body)
                    .when().post("/v1/admin/accounts/" + account + "/top-ups")
                    .then().statusCode(400)
                    .body("error", equalTo("INVALID_REQUEST"))
                    .body("field", equalTo("reference"))
                    .body("message", equalTo("Reference is required"));
        }
    }

    @Test
    void catalogManagementIsForOperatorsAndGoesToTheRegistry() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/v1/admin/agents")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(KeycloakServer.shared().serviceToken("wallet-service")).contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .when().put("/v1/admin/workflows/product-launch")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        // The registry does not run in the gateway's own tests: an operator reaches the forwarding.
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/v1/admin/agents")
                .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
    }
}
