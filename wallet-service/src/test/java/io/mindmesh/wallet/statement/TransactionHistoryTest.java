package io.mindmesh.wallet.statement;

import static io.mindmesh.wallet.WalletApi.as;
import static io.mindmesh.wallet.WalletApi.capture;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.money;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.topUp;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each test gets a fresh account with five transactions: two top-ups, a hold, its capture and its release. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class TransactionHistoryTest {

    private String account;
    private String holdId;
    private String firstReference;

    @BeforeEach
    void fiveTransactions() {
        account = newAccount();
        holdId = unique("exec_");
        firstReference = unique("ref_");
        topUp(account, "5.00", firstReference).statusCode(201);
        topUp(account, "1.00", unique("ref_")).statusCode(201);
        hold(holdId, account, "0.75").statusCode(201);
        capture(holdId, "0.50").statusCode(200);
    }

    private ValidatableResponse list(String query) {
        return as(account).when().get("/v1/wallet/transactions" + query).then();
    }

    @Test
    void newestFirstByDefaultWithTheBalancesAfterEachTransaction() {
        list("")
                .statusCode(200)
                .body("data.type", contains("RELEASE", "CAPTURE", "HOLD", "TOP_UP", "TOP_UP"))
                .body("data.amount", contains(money("0.25"), money("0.50"), money("0.75"), money("1.00"), money("5.00")))
                .body("data.balanceAfter", contains(money("5.50"), money("5.50"), money("6.00"), money("6.00"), money("5.00")))
                .body("data.availableAfter", contains(money("5.50"), money("5.25"), money("5.25"), money("6.00"), money("5.00")))
                .body("data[0].id", startsWith("txn_"))
                .body("data[0].holdId", equalTo(holdId))
                .body("data[0]", not(hasKey("reference")))
                .body("data[4].reference", equalTo(firstReference))
                .body("data[4]", not(hasKey("holdId")))
                .body("pagination.total", equalTo(5))
                .body("pagination.page", equalTo(1))
                .body("pagination.limit", equalTo(20));
    }

    @Test
    void filtersByType() {
        list("?type=TOP_UP")
                .statusCode(200)
                .body("data.type", everyItem(equalTo("TOP_UP")))
                .body("data.amount", contains(money("1.00"), money("5.00")))
                .body("pagination.total", equalTo(2));
        list("?type=capture")
                .statusCode(200)
                .body("data.holdId", contains(holdId))
                .body("pagination.total", equalTo(1));
    }

    @Test
    void sortsByAmountEitherWay() {
        list("?sort=amount")
                .statusCode(200)
                .body("data.amount", contains(money("0.25"), money("0.50"), money("0.75"), money("1.00"), money("5.00")));
        list("?sort=-amount")
                .statusCode(200)
                .body("data.amount", contains(money("5.00"), money("1.00"), money("0.75"), money("0.50"), money("0.25")));
        list("?sort=createdAt")
                .statusCode(200)
                .body("data.type", contains("TOP_UP", "TOP_UP", "HOLD", "CAPTURE", "RELEASE"));
    }

    @Test
    void paginates() {
        list("?sort=amount&limit=2&page=2")
                .statusCode(200)
                .body("data.amount", contains(money("0.75"), money("1.00")))
                .body("pagination", equalTo(Map.of("page", 2, "limit", 2, "total", 5, "pages", 3,
                        "hasNext", true, "hasPrev", true)));
        list("?sort=amount&limit=2&page=3")
                .statusCode(200)
                .body("data.amount", contains(money("5.00")))
                .body("pagination.hasNext", equalTo(false));
        list("?limit=2&page=9")
                .statusCode(200)
                .body("data.size()", equalTo(0))
                .body("pagination.total", equalTo(5));
        list("?limit=100&page=10001")
                .statusCode(200)
                .body("data.size()", equalTo(0))
                .body("pagination.hasPrev", equalTo(true));
    }

    @Test
    void filtersByDateRangeWithInclusiveBounds() {
        List<String> createdAt = list("?sort=createdAt").statusCode(200).extract().path("data.createdAt");
        String secondTopUp = createdAt.get(1);

        list("?sort=createdAt&startDate=" + secondTopUp)
                .statusCode(200)
                .body("data.type", contains("TOP_UP", "HOLD", "CAPTURE", "RELEASE"))
                .body("data[0].amount", money("1.00"));
        list("?sort=createdAt&endDate=" + secondTopUp)
                .statusCode(200)
                .body("data.amount", contains(money("5.00"), money("1.00")));
        list("?startDate=" + secondTopUp + "&endDate=" + secondTopUp)
                .statusCode(200)
                .body("data.amount", contains(money("1.00")));
    }

    @Test
    void aDateCoversTheWholeDay() {
        List<String> createdAt = list("").extract().path("data.createdAt");
        LocalDate day = LocalDate.parse(createdAt.get(0).substring(0, 10));

        list("?startDate=" + day + "&endDate=" + day).statusCode(200).body("pagination.total", equalTo(5));
        list("?startDate=" + day.plusDays(1)).statusCode(200).body("pagination.total", equalTo(0));
        list("?endDate=" + day.minusDays(1)).statusCode(200).body("pagination.total", equalTo(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "?type=REFUND                                  | type      | type must be one of [TOP_UP, HOLD, CAPTURE, RELEASE]",
        "?startDate=2025-13-45                         | startDate | startDate must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z) between years 0001 and 9999",
        "?startDate=10000-01-01                        | startDate | startDate must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z) between years 0001 and 9999",
        "?endDate=soon                                 | endDate   | endDate must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z) between years 0001 and 9999",
        "?startDate=2025-10-02&endDate=2025-10-01      | endDate   | endDate must not be before startDate",
        "?sort=balance                                 | sort      | sort must be one of [amount, createdAt], optionally prefixed with '-' for descending order",
        "?page=0                                       | page      | page must be 1 or greater",
        "?page=abc                                     | page      | page must be a whole number",
        "?limit=100&page=10002                         | page      | page is too deep: a page may start at most 1000000 rows in, so page 10001 is the last for limit 100",
        "?page=2147483647                              | page      | page is too deep: a page may start at most 1000000 rows in, so page 50001 is the last for limit 20",
        "?limit=101                                    | limit     | limit must be between 1 and 100",
        "?limit=1.5                                    | limit     | limit must be a whole number"
    })
    void badQueriesAreInvalidRequestsNamingTheParameter(String query, String field, String message) {
        list(query)
                .statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", equalTo(message))
                .body("requestId", startsWith("req_"));
    }
}
