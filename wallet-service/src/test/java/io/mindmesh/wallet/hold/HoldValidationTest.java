package io.mindmesh.wallet.hold;

import static io.mindmesh.wallet.WalletApi.api;
import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class HoldValidationTest {

    @ParameterizedTest(name = "amount {0}")
    @CsvSource(delimiter = '|', value = {
        "0             | Amount must be greater than 0.",
        "-0.10         | Amount must be greater than 0.",
        "0.1234567     | Amount must have at most 6 decimal places.",
        "1000000000.01 | Amount must not exceed 1000000000 USD.",
        "null          | Amount is required."
    })
    void outOfRangeAmountsAreRefusedNamingTheField(String amount, String message) {
        String account = newAccount();
        fund(account, "5.00");

        hold(unique("exec_"), account, amount)
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo(message))
                .body("field", equalTo("amount"))
                .body("requestId", startsWith("req_"));

        assertBalances(account, "5.00", "0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"accountId\": \"acc_x\", \"amount\": 1}                    | holdId    | Hold id is required.",
        "{\"holdId\": \" \", \"accountId\": \"acc_x\", \"amount\": 1} | holdId    | Hold id is required.",
        "{\"holdId\": \"exec_x\", \"amount\": 1}                      | accountId | Account id is required."
    })
    void missingIdentifiersAreRefusedNamingTheField(String body, String field, String message) {
        api().body(body).when().post("/internal/v1/holds")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", equalTo(message));
    }

    @Test
    void overlongHoldIdIsRefused() {
        hold("x".repeat(129), newAccount(), "1")
                .statusCode(400)
                .body("field", equalTo("holdId"))
                .body("message", equalTo("Hold id must be at most 128 characters long."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"holdId\": \"exec_x\", \"accountId\": \"acc_x\", \"amount\": ",
        "not json at all",
        "[]"
    })
    void malformedBodiesAreInvalidRequests(String body) {
        api().body(body).when().post("/internal/v1/holds")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("Request body is not valid JSON for this endpoint"))
                .body("requestId", startsWith("req_"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"holdId\": \"exec_x\", \"accountId\": \"acc_x\", \"amount\": \"lots\"} | amount",
        "{\"holdId\": \"exec_x\", \"accountId\": \"acc_x\", \"amount\": [1]}      | amount",
        "{\"holdId\": {\"a\": 1}, \"accountId\": \"acc_x\", \"amount\": 1}        | holdId"
    })
    void valuesOfTheWrongTypeAreInvalidRequestsNamingTheField(String body, String field) {
        api().body(body).when().post("/internal/v1/holds")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("Request body is not valid JSON for this endpoint"))
                .body("field", equalTo(field))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void missingBodyIsAnInvalidRequest() {
        api().when().post("/internal/v1/holds")
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("A JSON request body is required."));
    }

    @Test
    void nonJsonContentTypeIsRefused() {
        api().contentType(ContentType.TEXT).body("amount=1").when().post("/internal/v1/holds")
                .then()
                .statusCode(415)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void captureAmountIsValidatedBeforeTheHoldIsLookedUp() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "1.00");
        hold(holdId, account, "0.50").statusCode(201);

        api().body("{\"amount\": -1}").when().post("/internal/v1/holds/{holdId}/capture", holdId)
                .then()
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("amount"))
                .body("message", equalTo("Amount must be greater than 0."));
        api().when().post("/internal/v1/holds/{holdId}/capture", holdId)
                .then()
                .statusCode(400)
                .body("message", equalTo("A JSON request body is required."));

        assertBalances(account, "0.50", "0.50");
    }
}
