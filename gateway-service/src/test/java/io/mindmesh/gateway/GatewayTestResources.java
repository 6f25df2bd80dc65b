package io.mindmesh.gateway;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;

/** Creates accounts and keys the way an operator does: through the admin API with a real token. */
final class GatewayTestResources {

    private GatewayTestResources() {
    }

    static String operatorToken() {
        return KeycloakServer.shared().operatorToken();
    }

    static String newAccount(String tier) {
        return RestAssured.given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Test " + tier, "tier", tier))
                .post("/v1/admin/accounts")
                .then().statusCode(201).extract().path("id");
    }

    /** An account with its own small per-minute limit, as enterprise accounts have. */
    static String newAccountLimitedTo(int perMinute) {
        return RestAssured.given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Limited", "tier", "enterprise", "rateLimitPerMinute", perMinute,
                        "rateLimitPerDay", 1000))
                .post("/v1/admin/accounts")
                .then().statusCode(201).extract().path("id");
    }

    /** A live key of the account that holds only these scopes. */
    static String newKeyWithScopes(String accountId, java.util.List<String> scopes) {
        return RestAssured.given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "scoped", "environment", "live", "scopes", scopes))
                .post("/v1/admin/accounts/" + accountId + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    static String newKey(String accountId, String environment) {
        return RestAssured.given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "key", "environment", environment))
                .post("/v1/admin/accounts/" + accountId + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }
}
