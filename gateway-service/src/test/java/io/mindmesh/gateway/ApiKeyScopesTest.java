package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ApiKeyScopesTest {

    private static final List<String> ALL = List.of("orchestrate", "executions:read", "catalog:read", "wallet:read",
            "events:write", "analytics:read", "keys:manage");

    @Inject
    MeterRegistry metrics;

    @Test
    void aKeyCreatedWithoutScopesHoldsThemAllAndShowsThem() {
        String key = newKey(newAccount("developer"), "live");

        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "everything"))
                .when().post("/v1/api-keys")
                .then().statusCode(201).body("scopes", equalTo(ALL));
        given().auth().oauth2(key).when().get("/v1/api-keys")
                .then().statusCode(200).body("data[0].scopes", equalTo(ALL)).body("data[1].scopes", equalTo(ALL));
    }

    @Test
    void aRequestOutsideTheKeysScopesIsForbiddenNamingTheScope() {
        String narrow = keyWith(newKey(newAccount("developer"), "live"), List.of("executions:read"));
        double refusedBefore = metrics.counter("gateway_auth_failures_total", "reason", "scope").count();

        given().auth().oauth2(narrow).contentType(ContentType.JSON).body(Map.of("query", "hi"))
                .when().post("/v1/orchestrate")
                .then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"))
                .body("message", equalTo("This API key does not have the scope this request needs"))
                .body("details", equalTo("Missing scope: orchestrate"))
                .body("requestId", containsString("req_"));
        given().auth().oauth2(narrow).when().get("/v1/api-keys")
                .then().statusCode(403).body("details", equalTo("Missing scope: keys:manage"));
        given().auth().oauth2(narrow).when().get("/v1/agents")
                .then().statusCode(403).body("details", equalTo("Missing scope: catalog:read"));
        // Within its scope the request goes on (to an orchestrator that does not run in these tests).
        given().auth().oauth2(narrow).when().get("/v1/executions/exec_1")
                .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
        // Any valid key may check itself.
        given().auth().oauth2(narrow).when().get("/v1/auth/test").then().statusCode(200);
        assertEquals(refusedBefore + 3, metrics.counter("gateway_auth_failures_total", "reason", "scope").count());
    }

    @Test
    void aForbiddenRequestStillSpendsTheBudgetAndSaysSo() {
        String narrow = keyWith(newKey(newAccount("developer"), "live"), List.of("catalog:read"));
        given().auth().oauth2(narrow).contentType(ContentType.JSON).body(Map.of("query", "hi"))
                .when().post("/v1/orchestrate")
                .then().statusCode(403).header("X-RateLimit-Remaining", equalTo("99"));
    }

    @Test
    void unknownOrNoScopesAreAnInvalidRequestNamingTheField() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("orchestrate", "admin")))
                .when().post("/v1/api-keys")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("scopes"))
                .body("message", containsString("Unknown scope 'admin'"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of()))
                .when().post("/v1/api-keys")
                .then().statusCode(400).body("field", equalTo("scopes"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("scopes", List.of("root")))
                .when().patch("/v1/api-keys/" + keyIdOf(key))
                .then().statusCode(400).body("field", equalTo("scopes"));
        given().auth().oauth2(key).when().get("/v1/api-keys")
                .then().body("data[0].scopes", equalTo(ALL));
    }

    @Test
    void aKeyCannotCreateAKeyWithAScopeItDoesNotHold() {
        String narrow = keyWith(newKey(newAccount("developer"), "live"), List.of("keys:manage", "catalog:read"));

        given().auth().oauth2(narrow).contentType(ContentType.JSON)
                .body(Map.of("name", "wider", "scopes", List.of("catalog:read", "orchestrate", "wallet:read")))
                .when().post("/v1/api-keys")
                .then().statusCode(403)
                .body("error", equalTo("FORBIDDEN"))
                .body("details", equalTo("Missing scope: orchestrate, wallet:read"));
        // Omitting the scopes asks for all of them, which this key does not hold either.
        given().auth().oauth2(narrow).contentType(ContentType.JSON).body(Map.of("name", "all"))
                .when().post("/v1/api-keys")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        given().auth().oauth2(narrow).contentType(ContentType.JSON)
                .body(Map.of("name", "narrower", "scopes", List.of("catalog:read")))
                .when().post("/v1/api-keys")
                .then().statusCode(201).body("scopes", contains("catalog:read"));
        given().auth().oauth2(narrow).when().get("/v1/api-keys").then().body("pagination.total", equalTo(3));
    }

    @Test
    void patchChangesScopesAtOnceButNeverBeyondTheChangersOwn() {
        String full = newKey(newAccount("developer"), "live");
        String other = keyWith(full, ALL);
        String otherId = keyIdOf(other);
        given().auth().oauth2(other).when().get("/v1/agents").then().statusCode(503);

        given().auth().oauth2(full).contentType(ContentType.JSON).body(Map.of("scopes", List.of("wallet:read")))
                .when().patch("/v1/api-keys/" + otherId)
                .then().statusCode(200).body("scopes", contains("wallet:read"));
        given().auth().oauth2(other).when().get("/v1/agents")
                .then().statusCode(403).body("details", equalTo("Missing scope: catalog:read"));

        String narrow = keyWith(full, List.of("keys:manage"));
        given().auth().oauth2(narrow).contentType(ContentType.JSON).body(Map.of("scopes", List.of("orchestrate")))
                .when().patch("/v1/api-keys/" + otherId)
                .then().statusCode(403).body("details", equalTo("Missing scope: orchestrate"));
        given().auth().oauth2(full).when().get("/v1/api-keys?limit=100")
                .then().body("data.find { it.id == '" + otherId + "' }.scopes", contains("wallet:read"));
    }

    @Test
    void operatorsChooseScopesForTheKeysTheyIssue() {
        String account = newAccount("developer");
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "reports", "environment", "live", "scopes", List.of("analytics:read")))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(201).body("scopes", contains("analytics:read"));
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "reports", "environment", "live", "scopes", List.of("everything")))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(400).body("field", equalTo("scopes"));
    }

    /** A new key of the same account with these scopes, made by {@code creator}. */
    private static String keyWith(String creator, List<String> scopes) {
        return given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("name", "scoped", "scopes", scopes))
                .when().post("/v1/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    private static String keyIdOf(String key) {
        return given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200).extract().path("keyId");
    }
}
