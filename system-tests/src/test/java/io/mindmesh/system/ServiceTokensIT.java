package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request that reaches a service without a service token is refused, while everything
 * that goes through the gateway (and from the orchestrator to the registry and the wallet) works.
 */
class ServiceTokensIT {

    private static final Map<String, String> CALLER = Map.of("X-Account-Id", "acc_direct0000000001",
            "X-Account-Tier", "developer", "X-Environment", "live");

    @Test
    void everyServiceCalledDirectlyWithoutATokenAnswers401() {
        Map<String, String> protectedPaths = Map.of(
                "orchestrator-service", "/v1/executions",
                "agent-registry-service", "/v1/agents",
                "wallet-service", "/v1/wallet",
                "analytics-service", "/api/v1/agents/list");
        protectedPaths.forEach((service, path) -> given().baseUri(Platform.shared().url(service)).headers(CALLER)
                .get(path)
                .then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("requestId", startsWith("req_")));
    }

    @Test
    void aTokenNotIssuedForTheServicesIsRefused() {
        // The operator's token is genuine, but its audience is not the services': 401 before any role check.
        given().baseUri(Platform.shared().url("wallet-service"))
                .auth().oauth2(KeycloakServer.shared().operatorToken()).contentType(ContentType.JSON)
                .header("X-Operator", "forger")
                .body(Map.of("amount", 1000, "reference", "forged"))
                .post("/internal/v1/wallets/acc_direct0000000001/top-ups")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void onlyTheGatewaysClientCreditsWalletsAndOnlyTheOrchestratorsHoldsMoney() {
        String accountId = account("developer");
        for (String client : List.of("analytics-service", "orchestrator-service", "agent-registry-service")) {
            wallet(client).header("X-Operator", "forger").body(Map.of("amount", 1000, "reference", "forged-" + client))
                    .post("/internal/v1/wallets/" + accountId + "/top-ups")
                    .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        }
        for (String client : List.of("analytics-service", "gateway-service")) {
            wallet(client).body(Map.of("holdId", "exec_forged" + client.length(), "accountId", accountId, "amount", 1))
                    .post("/internal/v1/holds")
                    .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        }
        Api.operator().get("/v1/admin/accounts/" + accountId).then().statusCode(200);
        String liveKey = key(accountId, "live");
        as(liveKey).get("/v1/wallet").then().statusCode(200).body("balance", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void anOperatorsTopUpRecordsWhoMadeItAndAReusedReferenceIsNotASecondCredit() {
        String accountId = account("developer");
        String reference = "st-credited-" + accountId;
        Api.operator().body(Map.of("amount", new BigDecimal("12.50"), "reference", reference))
                .post("/v1/admin/accounts/" + accountId + "/top-ups")
                .then().statusCode(201).body("creditedBy", equalTo("operator"));
        // A retry is the same credit; the same reference with another amount is a mistake.
        Api.operator().body(Map.of("amount", new BigDecimal("12.50"), "reference", reference))
                .post("/v1/admin/accounts/" + accountId + "/top-ups").then().statusCode(201);
        Api.operator().body(Map.of("amount", new BigDecimal("99.00"), "reference", reference))
                .post("/v1/admin/accounts/" + accountId + "/top-ups")
                .then().statusCode(409).body("error", equalTo("CONFLICT"));
        as(key(accountId, "live")).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("12.50")));
    }

    private static RequestSpecification wallet(String client) {
        return given().baseUri(Platform.shared().url("wallet-service"))
                .auth().oauth2(KeycloakServer.shared().serviceToken(client)).contentType(ContentType.JSON);
    }

    @Test
    void throughTheGatewayEveryServiceAnswers() {
        String accountId = account("developer");
        topUp(accountId, "100.00");
        String liveKey = key(accountId, "live");

        as(liveKey).get("/v1/wallet").then().statusCode(200).body("balance", comparesEqualTo(new BigDecimal("100.00")));
        as(liveKey).get("/v1/agents").then().statusCode(200).body("data", notNullValue());
        as(liveKey).get("/v1/executions").then().statusCode(200).body("data", notNullValue());
        as(liveKey).get("/api/v1/agents/list").then().statusCode(200);
        // The orchestrator's own calls: a selection from the registry and a hold in the wallet.
        as(liveKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).body("executionId", startsWith("exec_"));
    }
}
