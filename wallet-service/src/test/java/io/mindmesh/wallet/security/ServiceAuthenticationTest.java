package io.mindmesh.wallet.security;

import static io.restassured.RestAssured.given;
import static io.mindmesh.wallet.WalletApi.as;
import static io.mindmesh.wallet.WalletApi.money;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.equalTo;

import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.ServiceAuthenticationProfile;
import io.mindmesh.testing.ServiceTokenChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only MindMesh services may call the wallet, and only the one that needs it moves money: holds,
 * captures and releases take {@code wallet-settlement} (the orchestrator's client), top-ups
 * {@code wallet-top-up} (the gateway's); the analytics client moves nothing.
 */
@QuarkusTest
@TestProfile(ServiceAuthenticationProfile.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class ServiceAuthenticationTest extends ServiceTokenChecks {

    @Override
    protected RequestSpecification caller() {
        return given().header("X-Account-Id", "acc_svcauth").header("X-Account-Tier", "developer")
                .header("X-Environment", "live");
    }

    @Override
    protected String protectedPath() {
        return "/v1/wallet";
    }

    @Override
    protected void assertServed(ValidatableResponse response) {
        response.body("accountId", equalTo("acc_svcauth"));
    }

    @Test
    void onlyTheGatewaysClientTopsUp() {
        String account = newAccount();
        for (String client : List.of("orchestrator-service", "analytics-service", "agent-registry-service")) {
            topUpAs(client, account, unique("ref_")).statusCode(403).body("error", equalTo("FORBIDDEN"));
        }
        topUpAs("gateway-service", account, unique("ref_")).statusCode(201).body("creditedBy", equalTo("ops"));
        as(account).auth().oauth2(token("gateway-service")).when().get("/v1/wallet")
                .then().statusCode(200).body("balance", money("7.00"));
    }

    @Test
    void onlyTheOrchestratorsClientPlacesCapturesAndReleasesHolds() {
        String account = newAccount();
        topUpAs("gateway-service", account, unique("ref_")).statusCode(201);
        String holdId = unique("exec_");
        for (String client : List.of("gateway-service", "analytics-service")) {
            holdAs(client, holdId, account).statusCode(403).body("error", equalTo("FORBIDDEN"));
            given().auth().oauth2(token(client))
                    .when().post("/internal/v1/holds/{id}/release", holdId)
                    .then().statusCode(403);
        }
        holdAs("orchestrator-service", holdId, account).statusCode(201);
        given().auth().oauth2(token("orchestrator-service"))
                .when().post("/internal/v1/holds/{id}/release", holdId)
                .then().statusCode(200);
    }

    private static String token(String client) {
        return KeycloakServer.shared().serviceToken(client);
    }

    private static ValidatableResponse topUpAs(String client, String account, String reference) {
        return given().auth().oauth2(token(client)).contentType(ContentType.JSON).header("X-Operator", "ops")
                .body("""
                        {"amount": 7, "reference": "%s"}""".formatted(reference))
                .when().post("/internal/v1/wallets/{accountId}/top-ups", account)
                .then();
    }

    private static ValidatableResponse holdAs(String client, String holdId, String account) {
        return given().auth().oauth2(token(client)).contentType(ContentType.JSON)
                .body("""
                        {"holdId": "%s", "accountId": "%s", "amount": 1}""".formatted(holdId, account))
                .when().post("/internal/v1/holds")
                .then();
    }
}
