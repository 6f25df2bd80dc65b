package io.mindmesh.system;

import static io.restassured.RestAssured.given;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.Map;

/** A consumer's view of the platform: the gateway, an operator token, and API keys. */
final class Api {

    private Api() {
    }

    /** Amounts are compared as exact decimals, never as floats. */
    static RequestSpecification gateway() {
        return new RequestSpecBuilder()
                .setBaseUri(Platform.shared().gatewayUrl())
                .setConfig(RestAssuredConfig.config().jsonConfig(
                        JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .setContentType(ContentType.JSON)
                .build();
    }

    static RequestSpecification as(String apiKey) {
        return given().spec(gateway()).header("Authorization", "Bearer " + apiKey);
    }

    static RequestSpecification operator() {
        return given().spec(gateway()).auth().oauth2(KeycloakServer.shared().operatorToken());
    }

    static String account(String tier) {
        return operator().body(Map.of("name", "System test " + tier, "tier", tier))
                .post("/v1/admin/accounts").then().statusCode(201).extract().path("id");
    }

    static void topUp(String accountId, String amount) {
        operator().body(Map.of("amount", new BigDecimal(amount), "reference", "st-" + accountId + "-" + amount))
                .post("/v1/admin/accounts/" + accountId + "/top-ups").then().statusCode(201);
    }

    static String key(String accountId, String environment) {
        return operator().body(Map.of("name", "system test", "environment", environment))
                .post("/v1/admin/accounts/" + accountId + "/api-keys").then().statusCode(201).extract().path("key");
    }
}
