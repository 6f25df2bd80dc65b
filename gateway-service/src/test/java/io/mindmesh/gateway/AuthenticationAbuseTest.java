package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing keys is paid by the guesser: failures per client address are limited, a repeated bad
 * key is answered from memory, and an account holds a bounded number of keys. Only one test here
 * fails authentication, since every request of this class comes from the same address.
 */
@QuarkusTest
@TestProfile(AuthenticationAbuseTest.SmallBudgets.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class AuthenticationAbuseTest {

    private static final int FAILURES_PER_MINUTE = 5;
    private static final int KEYS_PER_ACCOUNT = 3;
    private static final String UNKNOWN_KEY = "mk_live_" + "Q".repeat(40);

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth-failures.per-minute", String.valueOf(FAILURES_PER_MINUTE),
                    "gateway.api-keys.max-per-account", String.valueOf(KEYS_PER_ACCOUNT),
                    "quarkus.datasource.jdbc.enable-metrics", "true", "quarkus.datasource.metrics.enabled", "true");
        }
    }

    @Inject
    AgroalDataSource database;

    @Test
    void aFloodOfOneBadKeyReadsOnceAndIsThrottledWhileAValidKeyStillWorks() {
        String valid = newKey(newAccount("developer"), "live");
        TestClock.SHARED.freezeAt(TestClock.eighteenSecondsIntoThisMinute());
        try {
            long before = database.getMetrics().acquireCount();

            int unauthorized = 0;
            Response throttled = null;
            for (int i = 0; i < 4 * FAILURES_PER_MINUTE && throttled == null; i++) {
                Response response = given().auth().oauth2(UNKNOWN_KEY).when().get("/v1/auth/test");
                if (response.statusCode() == 429) {
                    throttled = response;
                } else {
                    assertEquals(401, response.statusCode());
                    unauthorized++;
                }
            }
            assertEquals(1, database.getMetrics().acquireCount() - before,
                    "database connections taken by a flood of one unknown key");
            assertTrue(throttled != null, "further failures are refused with 429");
            assertEquals(FAILURES_PER_MINUTE, unauthorized, "failures answered 401 within one window");
            throttled.then().header("Retry-After", equalTo("42"))
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                    .body("retryAfter", equalTo(42))
                    .body("requestId", notNullValue());
            // Malformed keys are failures too.
            given().auth().oauth2("mk_live_short").when().get("/v1/auth/test").then().statusCode(429);

            given().auth().oauth2(valid).when().get("/v1/auth/test").then().statusCode(200);

            TestClock.SHARED.advance(Duration.ofSeconds(42));
            given().auth().oauth2(UNKNOWN_KEY).when().get("/v1/auth/test").then().statusCode(401);
        } finally {
            TestClock.SHARED.release();
        }
    }

    @Test
    void anAccountHoldsABoundedNumberOfKeys() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        for (int i = 1; i < KEYS_PER_ACCOUNT; i++) {
            newKey(account, "test");
        }

        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "one too many", "environment", "live"))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(409).body("error", equalTo("CONFLICT")).body("limit", equalTo(KEYS_PER_ACCOUNT))
                .body("requestId", notNullValue());
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "one too many"))
                .when().post("/v1/api-keys")
                .then().statusCode(409).body("error", equalTo("CONFLICT")).body("limit", equalTo(KEYS_PER_ACCOUNT));

        // A revoked key no longer counts.
        String own = given().auth().oauth2(key).get("/v1/auth/test").then().extract().path("keyId");
        given().auth().oauth2(key).when().delete("/v1/api-keys/" + own).then().statusCode(204);
        given().auth().oauth2(operatorToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "replacement", "environment", "live"))
                .when().post("/v1/admin/accounts/" + account + "/api-keys")
                .then().statusCode(201);
    }
}
