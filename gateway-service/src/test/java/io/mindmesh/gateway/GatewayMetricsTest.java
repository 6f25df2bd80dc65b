package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newAccountLimitedTo;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the gateway's own series say, scraped from /q/metrics as Prometheus does. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class GatewayMetricsTest {

    @Inject
    MeterRegistry metrics;

    @Test
    void theSeriesThatAlertsReadExistFromTheStart() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gateway_auth_failures_total{reason=\"missing\"}"))
                .body(containsString("gateway_auth_failures_total{reason=\"invalid\"}"))
                .body(containsString("gateway_auth_failures_total{reason=\"suspended\"}"))
                .body(containsString("gateway_auth_failures_total{reason=\"scope\"}"))
                .body(containsString("gateway_auth_failures_total{reason=\"operator_token\"}"))
                .body(containsString("gateway_auth_failures_total{reason=\"operator_role\"}"))
                .body(containsString("gateway_rate_limit_rejections_total{tier=\"developer\"}"))
                .body(containsString("gateway_rate_limit_rejections_total{tier=\"business\"}"))
                .body(containsString("gateway_rate_limit_rejections_total{tier=\"enterprise\"}"));
    }

    @Test
    void requestsAreCountedByRouteTemplateStatusAndTierWithoutIdsOrKeys() {
        String key = newKey(newAccount("business"), "live");
        double okBefore = requests("/v1/auth/test", "200", "business");
        double unavailableBefore = requests("/v1/executions/{id}", "503", "business");
        double unauthorizedBefore = requests("/v1/auth/test", "401", "none");
        given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(200);
        given().auth().oauth2(key).when().get("/v1/executions/exec_metricsprobe42").then().statusCode(503);
        given().header("Authorization", "Bearer mk_live_" + "Z".repeat(40)).when().get("/v1/auth/test")
                .then().statusCode(401);

        assertEquals(okBefore + 1, requests("/v1/auth/test", "200", "business"));
        assertEquals(unavailableBefore + 1, requests("/v1/executions/{id}", "503", "business"));
        assertEquals(unauthorizedBefore + 1, requests("/v1/auth/test", "401", "none"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString(
                        "gateway_requests_total{route=\"/v1/executions/{id}\",status=\"503\",tier=\"business\"}"))
                .body(not(containsString("exec_metricsprobe42")))
                .body(not(containsString(key.substring(8))))
                .body(not(containsString("mk_live_")));
    }

    @Test
    void everySeriesNamesAPathByItsRowOrOtherNeverByWhatTheCallerSent() {
        String key = newKey(newAccount("developer"), "live");
        given().when().get("/v1/made-up-path-5150/deeper").then().statusCode(401);
        given().auth().oauth2(key).when().get("/api/v1/anything-7781/at/all").then().statusCode(503);
        given().auth().oauth2(key).when().get("/v1/wallet/transactions/txn_probe_9931").then().statusCode(503);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("uri=\"/other\""))
                .body(containsString("uri=\"/api/v1/**\""))
                .body(containsString("uri=\"/v1/wallet/**\""))
                .body(not(containsString("made-up-path-5150")))
                .body(not(containsString("anything-7781")))
                .body(not(containsString("txn_probe_9931")));
    }

    private double requests(String route, String status, String tier) {
        return metrics.counter("gateway_requests_total", "route", route, "status", status, "tier", tier).count();
    }

    @Test
    void rateLimitRejectionsAreCountedByTier() {
        String key = newKey(newAccountLimitedTo(1), "live");
        double before = metrics.counter("gateway_rate_limit_rejections_total", "tier", "enterprise").count();
        TestClock.SHARED.freezeAt(Instant.now()); // both requests in one minute window
        try {
            given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(200);
            given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(429);
        } finally {
            TestClock.SHARED.release();
        }

        assertEquals(before + 1, metrics.counter("gateway_rate_limit_rejections_total", "tier", "enterprise").count());
    }

    @Test
    void operatorAuthFailuresAreCountedByReason() {
        double before = metrics.counter("gateway_auth_failures_total", "reason", "operator_token").count();
        given().when().get("/v1/admin/accounts/acc_x").then().statusCode(401);

        assertEquals(before + 1, metrics.counter("gateway_auth_failures_total", "reason", "operator_token").count());
    }
}
