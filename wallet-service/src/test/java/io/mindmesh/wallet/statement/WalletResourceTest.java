package io.mindmesh.wallet.statement;

import static io.mindmesh.wallet.WalletApi.api;
import static io.mindmesh.wallet.WalletApi.as;
import static io.mindmesh.wallet.WalletApi.capture;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.money;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static io.mindmesh.wallet.WalletApi.wallet;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class WalletResourceTest {

    @Test
    void aWalletThatDoesNotExistYetReadsAsZero() {
        String account = newAccount();

        wallet(account)
                .body("accountId", equalTo(account))
                .body("balance", money("0"))
                .body("held", money("0"))
                .body("available", money("0"))
                .body("currency", equalTo("USD"))
                .body("sandbox", equalTo(false))
                .body("$", not(hasKey("message")));
    }

    @Test
    void balanceIsAvailablePlusHeld() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "10.00");
        hold(holdId, account, "2.50").statusCode(201);
        capture(holdId, "1.25").statusCode(200);
        hold(unique("exec_"), account, "1.00").statusCode(201);

        wallet(account)
                .body("balance", money("8.75"))
                .body("held", money("1.00"))
                .body("available", money("7.75"));
    }

    @Test
    void sandboxCallersAreToldTheyAreNeverCharged() {
        String account = newAccount();
        fund(account, "3.00");

        api().header("X-Account-Id", account).header("X-Environment", "test")
                .when().get("/v1/wallet")
                .then()
                .statusCode(200)
                .body("sandbox", equalTo(true))
                .body("balance", money("3.00"))
                .body("message", equalTo(
                        "Sandbox keys (mk_test_) are never charged: requests made with them do not move this wallet's money."));
    }

    @Test
    void aSandboxKeySeesTheBalanceButNotTheLiveLedgersTransactions() {
        String account = newAccount();
        fund(account, "5.00");
        String holdId = unique("exec_");
        hold(holdId, account, "2.00").statusCode(201);
        capture(holdId, "0.50").statusCode(200);
        as(account).when().get("/v1/wallet/transactions").then()
                .statusCode(200).body("pagination.total", greaterThanOrEqualTo(3));

        api().header("X-Account-Id", account).header("X-Environment", "test")
                .when().get("/v1/wallet/transactions")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0))
                .body("pagination.total", equalTo(0));
        api().header("X-Account-Id", account).header("X-Environment", "test")
                .when().get("/v1/wallet")
                .then()
                .statusCode(200)
                .body("balance", money("4.50"));
    }

    @Test
    void oneAccountNeverSeesAnothersWallet() {
        String rich = newAccount();
        String other = newAccount();
        fund(rich, "100.00");

        wallet(other)
                .body("accountId", equalTo(other))
                .body("balance", money("0"))
                .body("available", money("0"));
        as(other).when().get("/v1/wallet/transactions")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0))
                .body("pagination.total", equalTo(0));
    }

    @Test
    void callersWithoutIdentityAreUnauthorized() {
        api().when().get("/v1/wallet")
                .then()
                .statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"))
                .body("message", equalTo("Missing caller identity"))
                .body("requestId", startsWith("req_"));
        api().when().get("/v1/wallet/transactions").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }
}
