package io.mindmesh.wallet;

import static io.restassured.RestAssured.given;

import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.UUID;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;

/** The wallet's endpoints as the tests call them; JSON numbers are read as exact decimals. */
public final class WalletApi {

    private static final RestAssuredConfig EXACT_NUMBERS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private WalletApi() {
    }

    public static String newAccount() {
        return unique("acc_");
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public static RequestSpecification api() {
        return given().config(EXACT_NUMBERS).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification as(String accountId) {
        return api().header("X-Account-Id", accountId).header("X-Account-Tier", "developer")
                .header("X-Environment", "live");
    }

    /** Equal as a number, whatever its scale: 0.5 matches 0.50. */
    public static Matcher<BigDecimal> money(String amount) {
        return Matchers.comparesEqualTo(new BigDecimal(amount));
    }

    /** The operator the tests' top-ups are made by, as the gateway names it in {@code X-Operator}. */
    public static final String OPERATOR = "operator@mindmesh.test";

    public static ValidatableResponse topUp(String accountId, String amount, String reference) {
        return api().header("X-Operator", OPERATOR).body("""
                {"amount": %s, "reference": "%s"}""".formatted(amount, reference))
                .when().post("/internal/v1/wallets/{accountId}/top-ups", accountId)
                .then();
    }

    public static void fund(String accountId, String amount) {
        topUp(accountId, amount, unique("ref_")).statusCode(201);
    }

    public static ValidatableResponse hold(String holdId, String accountId, String amount) {
        return api().body("""
                {"holdId": "%s", "accountId": "%s", "amount": %s}""".formatted(holdId, accountId, amount))
                .when().post("/internal/v1/holds").then();
    }

    public static ValidatableResponse capture(String holdId, String amount) {
        return api().body("""
                {"amount": %s}""".formatted(amount))
                .when().post("/internal/v1/holds/{holdId}/capture", holdId).then();
    }

    public static ValidatableResponse release(String holdId) {
        return api().when().post("/internal/v1/holds/{holdId}/release", holdId).then();
    }

    public static ValidatableResponse wallet(String accountId) {
        return as(accountId).when().get("/v1/wallet").then().statusCode(200);
    }

    /** Asserts the wallet's available and held funds; its balance is their sum. */
    public static void assertBalances(String accountId, String available, String held) {
        wallet(accountId)
                .body("available", money(available))
                .body("held", money(held))
                .body("balance", money(new BigDecimal(available).add(new BigDecimal(held)).toPlainString()));
    }
}
