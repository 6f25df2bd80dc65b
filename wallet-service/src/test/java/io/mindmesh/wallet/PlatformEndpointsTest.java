package io.mindmesh.wallet;

import static io.mindmesh.wallet.WalletApi.api;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class PlatformEndpointsTest {

    @Test
    void livenessAndReadinessAnswer() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().when().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/internal/v1/holds/{holdId}/capture"))
                .body(containsString("/internal/v1/wallets/{accountId}/top-ups"))
                .body(containsString("/v1/wallet/transactions"));
    }

    @Test
    void requestLatencyIsAHistogramSoThatAlertsCanTakeQuantiles() {
        fund(newAccount(), "1.00");

        given().when().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(matchesPattern(Pattern.compile(
                        ".*^http_server_requests_seconds_bucket\\{[^\\n]*le=\"0\\.25\"[^\\n]*} [1-9].*",
                        Pattern.DOTALL | Pattern.MULTILINE)))
                .body(matchesPattern(Pattern.compile(
                        ".*^http_server_requests_seconds_bucket\\{[^\\n]*le=\"\\+Inf\"[^\\n]*} [1-9].*",
                        Pattern.DOTALL | Pattern.MULTILINE)));
    }

    @Test
    void operationsAreCountedByOutcome() {
        String account = newAccount();
        fund(account, "1.00");
        hold(unique("exec_"), account, "5.00").statusCode(402);

        given().when().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(matchesPattern(Pattern.compile(
                        ".*^wallet_operations_total\\{operation=\"top_up\",outcome=\"applied\"} [1-9].*",
                        Pattern.DOTALL | Pattern.MULTILINE)))
                .body(matchesPattern(Pattern.compile(
                        ".*^wallet_operations_total\\{operation=\"hold\",outcome=\"insufficient_balance\"} [1-9].*",
                        Pattern.DOTALL | Pattern.MULTILINE)));
    }

    @Test
    void wrongMethodsAndUnknownPathsAnswerTheEnvelope() {
        api().when().delete("/internal/v1/holds")
                .then()
                .statusCode(405)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("requestId", startsWith("req_"));
        api().when().get("/v1/wallet/nothing-here")
                .then()
                .statusCode(404)
                .body("error", equalTo("NOT_FOUND"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void theRequestIdIsEchoedAndCarriedInErrors() {
        api().header("X-Request-ID", "req_wallet_trace_1")
                .when().post("/internal/v1/holds/{holdId}/release", unique("exec_"))
                .then()
                .statusCode(404)
                .header("X-Request-ID", "req_wallet_trace_1")
                .body("requestId", equalTo("req_wallet_trace_1"));
    }
}
