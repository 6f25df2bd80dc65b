package io.mindmesh.system;

import static io.restassured.RestAssured.given;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** A consumer's view of the platform: the gateway, an operator token, and API keys. */
final class Api {

    private static final Duration EXECUTION_PATIENCE = Duration.ofSeconds(90);

    private Api() {
    }

    /** Amounts are compared as exact decimals, never as floats. */
    static RequestSpecification gateway() {
        return gateway(Platform.shared().gatewayUrl());
    }

    static RequestSpecification gateway(String baseUri) {
        return new RequestSpecBuilder()
                .setBaseUri(baseUri)
                .setConfig(RestAssuredConfig.config().jsonConfig(
                        JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .setContentType(ContentType.JSON)
                .build();
    }

    static RequestSpecification as(String apiKey) {
        return given().spec(gateway()).header("Authorization", "Bearer " + apiKey);
    }

    /** The same, through a given gateway replica. */
    static RequestSpecification as(String apiKey, String gatewayUrl) {
        return given().spec(gateway(gatewayUrl)).header("Authorization", "Bearer " + apiKey);
    }

    /**
     * A call straight to one orchestrator replica as the gateway forwards it: the gateway's
     * service token and the caller's identity headers (the gateway forwards only to the shared one).
     */
    static RequestSpecification asGatewayTo(String replica, String accountId, String tier) {
        return given().spec(gateway(Platform.shared().url(replica)))
                .auth().oauth2(KeycloakServer.shared().serviceToken("gateway-service"))
                .headers(Map.of("X-Account-Id", accountId, "X-Account-Tier", tier, "X-Environment", "live"));
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
        return createKey(accountId, environment).secret();
    }

    static Key createKey(String accountId, String environment) {
        JsonPath created = operator().body(Map.of("name", "system test", "environment", environment))
                .post("/v1/admin/accounts/" + accountId + "/api-keys").then().statusCode(201).extract().jsonPath();
        return new Key(created.getString("id"), created.getString("key"));
    }

    /** An API key as its creation answers it: the id that manages it and the secret that authenticates. */
    record Key(String id, String secret) {
    }

    /** Polls an execution through the gateway until it reaches the state the test waits for. */
    static JsonPath awaitExecution(String apiKey, String executionId, Predicate<JsonPath> done) {
        return Await.until(() -> as(apiKey).get("/v1/executions/" + executionId).then().statusCode(200).extract()
                .jsonPath(), done, EXECUTION_PATIENCE, "execution " + executionId);
    }
}
