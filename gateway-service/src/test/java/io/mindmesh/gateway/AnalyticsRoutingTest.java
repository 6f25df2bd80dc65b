package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The analytics-owned paths, against a stub analytics-service. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = StubAnalytics.class, restrictToAnnotatedClass = true)
class AnalyticsRoutingTest {

    @Test
    void eventsGoToAnalyticsWithTheCallersIdentityAndNotTheKey() {
        String account = newAccount("business");
        String key = newKey(account, "live");

        given().auth().oauth2(key).contentType(ContentType.JSON).header("X-Request-ID", "events-1")
                .body("{\"name\":\"signup\"}")
                .when().post("/v1/events")
                .then().statusCode(202).body("from", equalTo("analytics"));

        StubAnalytics.Received received = StubAnalytics.last();
        assertEquals("POST", received.method());
        assertEquals("/v1/events", received.pathAndQuery());
        assertEquals("{\"name\":\"signup\"}", received.body());
        assertEquals(account, received.header("X-Account-Id"));
        assertEquals("business", received.header("X-Account-Tier"));
        assertEquals("events-1", received.header("X-Request-ID"));
        String authorization = received.header("Authorization");
        assertTrue(authorization.startsWith("Bearer ") && !authorization.contains(key),
                "analytics gets the gateway's service token, never the caller's API key");
    }

    @Test
    void analyticsReportsGoToAnalyticsWithTheirQuery() {
        String key = newKey(newAccount("developer"), "live");

        given().auth().oauth2(key).when().get("/v1/analytics/usage?from=2026-11-01&to=2026-11-30")
                .then().statusCode(200).body("from", equalTo("analytics"));

        assertEquals("GET", StubAnalytics.last().method());
        assertEquals("/v1/analytics/usage?from=2026-11-01&to=2026-11-30", StubAnalytics.last().pathAndQuery());
    }

    @Test
    void operatorsReadEveryAccountsUsageThroughTheInternalReport() {
        given().auth().oauth2(operatorToken()).when().get("/v1/admin/analytics/usage?accountId=acc_abc")
                .then().statusCode(200).body("from", equalTo("analytics"));

        StubAnalytics.Received received = StubAnalytics.last();
        assertEquals("/internal/v1/analytics/usage?accountId=acc_abc", received.pathAndQuery());
        assertEquals("operator", received.header("X-Operator"));
    }

    @Test
    void theUsageReportIsForOperatorsOnly() {
        given().when().get("/v1/admin/analytics/usage")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().auth().oauth2(KeycloakServer.shared().serviceToken("wallet-service"))
                .when().get("/v1/admin/analytics/usage")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN"));
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).when().get("/v1/admin/analytics/usage")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void eachDownstreamCallIsTimedByService() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).when().get("/v1/analytics/usage").then().statusCode(200);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*gateway_downstream_duration_seconds_bucket\\{[^}]*service=\"analytics\"[^}]*\\} [1-9].*"))
                .body(containsString("gateway_requests_total{route=\"/v1/analytics/usage\",status=\"200\",tier=\"developer\"}"));
    }
}
