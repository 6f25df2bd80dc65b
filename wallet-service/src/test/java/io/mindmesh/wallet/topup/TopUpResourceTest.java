package io.mindmesh.wallet.topup;

import static io.mindmesh.wallet.WalletApi.api;
import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.money;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.OPERATOR;
import static io.mindmesh.wallet.WalletApi.topUp;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class TopUpResourceTest {

    @Test
    void firstTopUpOpensTheWallet() {
        String account = newAccount();

        topUp(account, "10", unique("ref_"))
                .statusCode(201)
                .body("transactionId", matchesPattern("txn_[0-9a-f]{32}"))
                .body("accountId", equalTo(account))
                .body("amount", money("10.00"))
                .body("balance", money("10.00"))
                .body("creditedBy", equalTo(OPERATOR));

        assertBalances(account, "10.00", "0");
    }

    @Test
    void aTopUpWithoutTheOperatorIsRefusedAndMovesNothing() {
        String account = newAccount();
        for (String operator : new String[] {null, " ", "o".repeat(201)}) {
            var request = api().body("""
                    {"amount": 5, "reference": "%s"}""".formatted(unique("ref_")));
            if (operator != null) {
                request.header("X-Operator", operator);
            }
            request.when().post("/internal/v1/wallets/{accountId}/top-ups", account)
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("INVALID_REQUEST"))
                    .body("field", equalTo("X-Operator"));
        }

        assertBalances(account, "0", "0");
    }

    @Test
    void balanceAfterATopUpIncludesHeldMoney() {
        String account = newAccount();
        fund(account, "10.00");
        hold(unique("exec_"), account, "3.00").statusCode(201);

        topUp(account, "5.000001", unique("ref_"))
                .statusCode(201)
                .body("amount", money("5.000001"))
                .body("balance", money("15.000001"));

        assertBalances(account, "12.000001", "3.00");
    }

    @Test
    void retriedTopUpReturnsTheFirstReceiptAndMovesNothing() {
        String account = newAccount();
        String reference = unique("ref_");
        String transactionId = topUp(account, "10.00", reference).statusCode(201)
                .extract().path("transactionId");

        api().header("X-Operator", "someone-else").body("""
                {"amount": 10.000000, "reference": "%s"}""".formatted(reference))
                .when().post("/internal/v1/wallets/{accountId}/top-ups", account)
                .then()
                .statusCode(200)
                .body("transactionId", equalTo(transactionId))
                .body("amount", money("10.00"))
                .body("balance", money("10.00"))
                .body("creditedBy", equalTo(OPERATOR));

        assertBalances(account, "10.00", "0");
    }

    @Test
    void aReferenceReusedWithAnotherAmountIsAConflictAndMovesNothing() {
        String account = newAccount();
        String reference = unique("ref_");
        topUp(account, "10.00", reference).statusCode(201);

        topUp(account, "25.00", reference)
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("field", equalTo("amount"))
                .body("message", equalTo("Top-up reference " + reference + " was already used with amount 10.00."));

        assertBalances(account, "10.00", "0");
    }

    @Test
    void aReferenceUsedForAnotherAccountIsAConflict() {
        String reference = unique("ref_");
        String other = newAccount();
        topUp(newAccount(), "10.00", reference).statusCode(201);

        topUp(other, "10.00", reference)
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("message", equalTo("Top-up reference " + reference + " was already used for another account."))
                .body("requestId", startsWith("req_"));

        assertBalances(other, "0", "0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"amount\": 0, \"reference\": \"r\"}          | amount    | Amount must be greater than 0.",
        "{\"amount\": 1.0000001, \"reference\": \"r\"}  | amount    | Amount must have at most 6 decimal places.",
        "{\"reference\": \"r\"}                         | amount    | Amount is required.",
        "{\"amount\": 1}                                | reference | Reference is required.",
        "{\"amount\": 1, \"reference\": \"\"}           | reference | Reference is required."
    })
    void invalidTopUpsAreRefusedNamingTheField(String body, String field, String message) {
        String account = newAccount();
        api().body(body).when().post("/internal/v1/wallets/{accountId}/top-ups", account)
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", equalTo(message))
                .body("requestId", startsWith("req_"));

        assertBalances(account, "0", "0");
    }

    @Test
    void overlongAccountIdIsRefused() {
        topUp("a".repeat(65), "1.00", unique("ref_"))
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("accountId"))
                .body("message", equalTo("Account id must be at most 64 characters long."));
    }

    @Test
    void malformedJsonIsAnInvalidRequest() {
        api().body("{\"amount\": 1, ").when().post("/internal/v1/wallets/{accountId}/top-ups", newAccount())
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("Request body is not valid JSON for this endpoint"));
    }
}
