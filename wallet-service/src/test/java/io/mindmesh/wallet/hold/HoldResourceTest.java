package io.mindmesh.wallet.hold;

import static io.mindmesh.wallet.WalletApi.api;
import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.capture;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.money;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.release;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class HoldResourceTest {

    @Test
    void holdMovesTheAmountFromAvailableToHeld() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");

        hold(holdId, account, "0.75")
                .statusCode(201)
                .body("holdId", equalTo(holdId))
                .body("accountId", equalTo(account))
                .body("amount", money("0.75"))
                .body("captured", money("0"))
                .body("released", money("0"))
                .body("status", equalTo("HELD"));

        assertBalances(account, "1.25", "0.75");
    }

    @Test
    void retriedHoldReturnsTheFirstHoldAndMovesNothing() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");
        hold(holdId, account, "0.75").statusCode(201);

        hold(holdId, account, "1.50")
                .statusCode(200)
                .body("amount", money("0.75"))
                .body("status", equalTo("HELD"));

        assertBalances(account, "1.25", "0.75");
    }

    @Test
    void holdAboveTheAvailableFundsAnswersTheSeedsPaymentRequiredBody() {
        String account = newAccount();
        fund(account, "0.50");

        api().header("X-Request-ID", "req_abc123")
                .body("""
                        {"holdId": "%s", "accountId": "%s", "amount": 0.75}""".formatted(unique("exec_"), account))
                .when().post("/internal/v1/holds")
                .then()
                .statusCode(402)
                .body("$", aMapWithSize(6))
                .body("error", equalTo("INSUFFICIENT_BALANCE"))
                .body("message", equalTo("Insufficient wallet balance. Required: $0.75, Available: $0.50"))
                .body("requiredBalance", equalTo(new BigDecimal("0.75")))
                .body("currentBalance", equalTo(new BigDecimal("0.50")))
                .body("topUpUrl", equalTo("https://app.mindmesh.local/wallet/topup"))
                .body("requestId", equalTo("req_abc123"));

        assertBalances(account, "0.50", "0");
    }

    @Test
    void holdOnAnAccountWithoutWalletIsShortOfTheWholeAmount() {
        hold(unique("exec_"), newAccount(), "0.10")
                .statusCode(402)
                .body("message", equalTo("Insufficient wallet balance. Required: $0.10, Available: $0.00"))
                .body("currentBalance", equalTo(new BigDecimal("0.00")))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void heldMoneyCannotBeHeldTwice() {
        String account = newAccount();
        fund(account, "1.00");
        hold(unique("exec_"), account, "0.60").statusCode(201);

        hold(unique("exec_"), account, "0.60")
                .statusCode(402)
                .body("currentBalance", equalTo(new BigDecimal("0.40")));
    }

    @Test
    void captureChargesTheActualCostAndReleasesTheRest() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");
        hold(holdId, account, "0.88").statusCode(201);

        capture(holdId, "0.500001")
                .statusCode(200)
                .body("amount", money("0.88"))
                .body("captured", money("0.500001"))
                .body("released", money("0.379999"))
                .body("status", equalTo("CAPTURED"));

        assertBalances(account, "1.499999", "0");
    }

    @ParameterizedTest(name = "held {0}, cost {1} -> charged {2}, released {3}")
    @CsvSource({
        "0.880000, 0.500000, 0.500000, 0.380000",
        "0.880000, 0.880000, 0.880000, 0.000000",
        "0.880000, 1.500000, 0.880000, 0.000000",
        "0.880000, 0.000001, 0.000001, 0.879999",
        "1000000000.000000, 999999999.999999, 999999999.999999, 0.000001"
    })
    void captureChargesTheCostUpToTheHoldAndReleasesTheRest(String held, String cost, String charged,
            String released) {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, held);
        hold(holdId, account, held).statusCode(201);

        capture(holdId, cost)
                .statusCode(200)
                .body("captured", money(charged))
                .body("released", money(released));

        assertBalances(account, released, "0");
    }

    @Test
    void captureAboveTheHoldChargesOnlyTheHold() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");
        hold(holdId, account, "0.75").statusCode(201);

        capture(holdId, "1.90")
                .statusCode(200)
                .body("captured", money("0.75"))
                .body("released", money("0"))
                .body("status", equalTo("CAPTURED"));

        assertBalances(account, "1.25", "0");
    }

    @Test
    void retriedCaptureReturnsTheFirstResultAndMovesNothing() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");
        hold(holdId, account, "1.00").statusCode(201);
        capture(holdId, "0.40").statusCode(200);

        capture(holdId, "0.90")
                .statusCode(200)
                .body("captured", money("0.40"))
                .body("released", money("0.60"))
                .body("status", equalTo("CAPTURED"));

        assertBalances(account, "1.60", "0");
    }

    @Test
    void releaseReturnsEverythingHeldAndARetryMovesNothing() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "2.00");
        hold(holdId, account, "0.75").statusCode(201);

        release(holdId)
                .statusCode(200)
                .body("captured", money("0"))
                .body("released", money("0.75"))
                .body("status", equalTo("RELEASED"));
        release(holdId).statusCode(200).body("released", money("0.75")).body("status", equalTo("RELEASED"));

        assertBalances(account, "2.00", "0");
    }

    @Test
    void captureAfterReleaseIsAConflict() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "1.00");
        hold(holdId, account, "0.50").statusCode(201);
        release(holdId).statusCode(200);

        capture(holdId, "0.50")
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("message", equalTo("Hold " + holdId + " was already released and can no longer be captured."))
                .body("requestId", startsWith("req_"));

        assertBalances(account, "1.00", "0");
    }

    @Test
    void releaseAfterCaptureIsAConflict() {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "1.00");
        hold(holdId, account, "0.50").statusCode(201);
        capture(holdId, "0.50").statusCode(200);

        release(holdId)
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("message", equalTo("Hold " + holdId + " was already captured and can no longer be released."));

        assertBalances(account, "0.50", "0");
    }

    @Test
    void aHoldIdOfAnotherAccountIsAConflict() {
        String owner = newAccount();
        String other = newAccount();
        String holdId = unique("exec_");
        fund(owner, "1.00");
        fund(other, "1.00");
        hold(holdId, owner, "0.50").statusCode(201);

        hold(holdId, other, "0.50")
                .statusCode(409)
                .body("error", equalTo("CONFLICT"))
                .body("message", equalTo("Hold " + holdId + " already exists for another account."));

        assertBalances(other, "1.00", "0");
    }

    @Test
    void unknownHoldsAreNotFound() {
        String holdId = unique("exec_");
        capture(holdId, "0.50")
                .statusCode(404)
                .body("error", equalTo("NOT_FOUND"))
                .body("message", equalTo("Hold " + holdId + " not found"))
                .body("requestId", startsWith("req_"));
        release(holdId).statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void unsettledHoldsPlacedBeforeAnInstantAreListedOldestFirstAndSettledOnesAreNot() throws Exception {
        String account = newAccount();
        fund(account, "5.00");
        String older = unique("exec_");
        String settled = unique("exec_");
        hold(older, account, "0.10").statusCode(201);
        hold(settled, account, "0.10").statusCode(201);
        capture(settled, "0.05").statusCode(200);
        Thread.sleep(5);
        String cutoff = Instant.now().toString();
        Thread.sleep(5);
        String newer = unique("exec_");
        hold(newer, account, "0.10").statusCode(201);

        List<String> listed = api().queryParam("placedBefore", cutoff).queryParam("limit", 500)
                .when().get("/internal/v1/holds").then().statusCode(200)
                .extract().jsonPath().getList("holdId", String.class);

        assertTrue(listed.contains(older), "the old unsettled hold is listed");
        assertFalse(listed.contains(settled), "a captured hold is not");
        assertFalse(listed.contains(newer), "a hold after the cutoff is not");
    }

    @ParameterizedTest
    @CsvSource({ "'', 10, placedBefore", "yesterday, 10, placedBefore", "2026-01-01T00:00:00Z, 0, limit",
            "2026-01-01T00:00:00Z, 501, limit", "2026-01-01T00:00:00Z, ten, limit" })
    void aListingWithABadParameterIsRefusedNamingIt(String placedBefore, String limit, String field) {
        api().queryParam("placedBefore", placedBefore).queryParam("limit", limit)
                .when().get("/internal/v1/holds").then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field));
    }
}
