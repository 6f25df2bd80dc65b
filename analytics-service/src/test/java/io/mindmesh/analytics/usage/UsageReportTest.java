package io.mindmesh.analytics.usage;

import static io.mindmesh.analytics.support.TestEvents.event;
import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.mindmesh.analytics.support.TestEvents.newExecution;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.support.KafkaEvents;
import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every test gets two fresh accounts with this history (production unless said otherwise), sent
 * through Kafka as the orchestrator publishes it:
 * <pre>
 *   account  day         agent    event (durationMs, cost)
 *   A        2023-03-01  agent_x  completed (100, 0.10), (200, 0.20), (300, 0.30), (400, 0.15); failed
 *   A        2023-03-01  agent_x  started (not an outcome); custom event (not an outcome)
 *   A        2023-03-01  agent_y  completed (50, 1.5)
 *   A        2023-03-01  agent_x  completed (1000, 9.99) in development
 *   A        2023-03-01  -        execution.completed (not an agent's)
 *   A        2023-03-02  agent_x  failed at 23:59:59.999 UTC
 *   A        2023-03-03  agent_x  completed (70, 0.07) at 00:00:00 UTC
 *   B        2023-03-01  agent_x  completed (5, 5.00)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class UsageReportTest {

    private static final String DAY_1 = "2023-03-01T12:00:00Z";

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    private String accountA;
    private String accountB;

    @BeforeEach
    void storeHistory() {
        accountA = newAccount();
        accountB = newAccount();
        List<PlatformEvent> events = new ArrayList<>(List.of(
                completed(accountA, "agent_x", 100, "0.10", DAY_1),
                completed(accountA, "agent_x", 200, "0.20", DAY_1),
                completed(accountA, "agent_x", 300, "0.30", DAY_1),
                completed(accountA, "agent_x", 400, "0.15", DAY_1),
                failed(accountA, "agent_x", DAY_1),
                event(EventType.AGENT_STARTED).account(accountA).agent("agent_x", "Agent X").at(DAY_1).build(),
                completed(accountA, "agent_y", 50, "1.5", DAY_1),
                event(EventType.AGENT_COMPLETED).account(accountA).agent("agent_x", "Agent X").environment("test")
                        .step("s1", "COMPLETED").durationMs(1000).cost("9.99").at(DAY_1).build(),
                event(EventType.EXECUTION_COMPLETED).account(accountA).status("COMPLETED").durationMs(999)
                        .cost("3.00").at(DAY_1).build(),
                failed(accountA, "agent_x", "2023-03-02T23:59:59.999Z"),
                completed(accountA, "agent_x", 70, "0.07", "2023-03-03T00:00:00Z"),
                completed(accountB, "agent_x", 5, "5.00", DAY_1)));
        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            kafka.send(events.toArray(PlatformEvent[]::new));
        }
        given().header("X-Account-Id", accountA).contentType(ContentType.JSON)
                .body("""
                        {"eventName": "checkout", "agentId": "agent_x", "payload": {"durationMs": 1},
                         "timestamp": "%s"}""".formatted(DAY_1))
                .when().post("/v1/events")
                .then().statusCode(201);
        stored.awaitCount(accountA, 12);
        stored.awaitCount(accountB, 1);
    }

    private static PlatformEvent completed(String account, String agent, long durationMs, String cost, String at) {
        return event(EventType.AGENT_COMPLETED).account(account).execution(newExecution())
                .agent(agent, "Agent " + agent.substring(6).toUpperCase()).step("s1", "COMPLETED")
                .durationMs(durationMs).cost(cost).at(at).build();
    }

    private static PlatformEvent failed(String account, String agent, String at) {
        return event(EventType.AGENT_FAILED).account(account).agent(agent, "Agent X").step("s1", "FAILED")
                .durationMs(30_000).error("Agent timed out").at(at).build();
    }

    private static RequestSpecification as(String account) {
        return given().header("X-Account-Id", account);
    }

    private static RequestSpecification asSandbox(String account) {
        return as(account).header("X-Environment", "test");
    }

    @Test
    void countsLatenciesAndCostsPerAgentAndDay() {
        as(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-03")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("success", is(true))
                .body("startDate", is("2023-03-01"))
                .body("endDate", is("2023-03-03"))
                .body("environment", is("production"))
                .body("count", is(4))
                .body("data.date", contains("2023-03-01", "2023-03-01", "2023-03-02", "2023-03-03"))
                .body("data.agentId", contains("agent_x", "agent_y", "agent_x", "agent_x"))
                .body("data[0]", not(hasKey("accountId")))
                .body("data[0].agentName", is("Agent X"))
                .body("data[0].executions", is(5))
                .body("data[0].succeeded", is(4))
                .body("data[0].failed", is(1))
                .body("data[0].successRate", is(0.8f))
                // percentile_cont over 100, 200, 300, 400: the median interpolates to 250, p95 to 385.
                .body("data[0].p50LatencyMs", is(250))
                .body("data[0].p95LatencyMs", is(385))
                .body("data[0].cost", is(0.75f))
                .body("data[1].executions", is(1))
                .body("data[1].successRate", is(1.0f))
                .body("data[1].p50LatencyMs", is(50))
                .body("data[1].p95LatencyMs", is(50))
                .body("data[1].cost", is(1.5f))
                .body("data[2].executions", is(1))
                .body("data[2].succeeded", is(0))
                .body("data[2].failed", is(1))
                .body("data[2].successRate", is(0.0f))
                .body("data[2].p50LatencyMs", nullValue())
                .body("data[2].p95LatencyMs", nullValue())
                .body("data[2].cost", is(0.0f))
                .body("data[3].p50LatencyMs", is(70))
                .body("data[3].cost", is(0.07f));
    }

    @Test
    void moneyAndRatesKeepTheirDigits() {
        String body = as(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-01")
                .queryParam("agentId", "agent_y")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"successRate\":1.0000"), body);
        assertTrue(body.contains("\"cost\":1.50"), body);
    }

    @Test
    void filtersByAgentAndByDays() {
        as(accountA).queryParam("startDate", "2023-03-02").queryParam("endDate", "2023-03-03")
                .queryParam("agentId", "agent_x")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("data.date", contains("2023-03-02", "2023-03-03"))
                .body("data.agentId", everyItem(is("agent_x")));
        as(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-01")
                .queryParam("agentId", "agent_y")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].agentId", is("agent_y"));
    }

    @Test
    void aSandboxKeyReadsItsDevelopmentUsageByDefaultAndNothingOfLive() {
        asSandbox(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-01")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("environment", is("development"))
                .body("count", is(1))
                .body("data[0].p50LatencyMs", is(1000))
                .body("data[0].cost", is(9.99f));
        asSandbox(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-03")
                .queryParam("environment", "production")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("environment", is("production"))
                .body("count", is(0))
                .body("data", empty());
    }

    @Test
    void aLiveKeyReadsStagingWhenAskedAndNothingOfTheSandbox() {
        as(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-01")
                .queryParam("environment", "development")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("environment", is("development"))
                .body("count", is(0))
                .body("data", empty());
        as(accountA).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-03")
                .queryParam("environment", "staging")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("environment", is("staging"))
                .body("data", empty());
    }

    @Test
    void anAccountSeesOnlyItsOwnUsage() {
        as(accountB).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-03")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].executions", is(1))
                .body("data[0].p50LatencyMs", is(5))
                .body("data[0].cost", is(5.0f));
        as(newAccount()).queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-03")
                .when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("data", empty());
    }

    @Test
    void theDefaultPeriodIsTheLast30Days() {
        as(accountA).when().get("/v1/analytics/usage")
                .then().statusCode(200)
                .body("endDate", is(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("startDate", is(LocalDate.now(ZoneOffset.UTC).minusDays(29).toString()))
                .body("data", empty());
    }

    @Test
    void operatorsSeeOneAccountOrEveryAccountWithTheAccountNamed() {
        given().queryParam("accountId", accountB).queryParam("startDate", "2023-03-01")
                .queryParam("endDate", "2023-03-03")
                .when().get("/internal/v1/analytics/usage")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].accountId", is(accountB))
                .body("data[0].cost", is(5.0f));
        given().queryParam("startDate", "2023-03-01").queryParam("endDate", "2023-03-01")
                .when().get("/internal/v1/analytics/usage")
                .then().statusCode(200)
                .body("data.findAll { it.accountId == '%s' }.agentId".formatted(accountA), contains("agent_x", "agent_y"))
                .body("data.findAll { it.accountId == '%s' }.executions".formatted(accountA), contains(5, 1))
                .body("data.findAll { it.accountId == '%s' }.agentId".formatted(accountB), contains("agent_x"));
    }

    @Test
    void withoutTheCallerIdentityItIsUnauthorized() {
        given().when().get("/v1/analytics/usage")
                .then().statusCode(401)
                .body("error", is("UNAUTHORIZED"));
    }

    @Test
    void invalidParametersAreNamed() {
        assertInvalid(as(accountA).queryParam("startDate", "March"), "/v1/analytics/usage", "startDate",
                "startDate must be an ISO 8601 date between years 0001 and 9999, e.g. 2025-10-01");
        assertInvalid(as(accountA).queryParam("startDate", "2023-03-02").queryParam("endDate", "2023-03-01"),
                "/v1/analytics/usage", "endDate", "endDate must not be before startDate");
        assertInvalid(as(accountA).queryParam("startDate", "2022-01-01").queryParam("endDate", "2023-01-02"),
                "/v1/analytics/usage", "startDate", "startDate to endDate must cover at most 366 days, both included");
        assertInvalid(as(accountA).queryParam("environment", "live"), "/v1/analytics/usage", "environment",
                "environment must be one of development, staging, production");
        assertInvalid(given().queryParam("endDate", "2023-02-30"), "/internal/v1/analytics/usage", "endDate",
                "endDate must be an ISO 8601 date between years 0001 and 9999, e.g. 2025-10-01");
    }

    private static void assertInvalid(RequestSpecification request, String path, String field, String message) {
        request.header("X-Request-ID", "req_usage_invalid")
                .when().get(path)
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", is("req_usage_invalid"));
    }
}
