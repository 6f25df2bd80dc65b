package io.mindmesh.analytics.events;

import static io.mindmesh.analytics.support.TestEvents.event;
import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.mindmesh.analytics.support.TestEvents.newExecution;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

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
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every test gets a fresh account with this history for agent {@code agent_q} (and one event of
 * another agent), then asks for a slice of it:
 * <pre>
 *   time      execution  environment  event
 *   08:00:00  A          production   invocation_start
 *   08:00:05  A          production   node_execution
 *   09:00:00  B          production   invocation_start
 *   09:00:07  B          production   invocation_error
 *   10:00:00  C          development  invocation_start
 *   10:30:00  A          production   invocation_start   (agent_other)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class AgentEventsQueryTest {

    private static final String AGENT = "agent_q";

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    private String account;
    private String executionA;
    private String executionB;

    @BeforeEach
    void storeHistory() {
        account = newAccount();
        executionA = newExecution();
        executionB = newExecution();
        String executionC = newExecution();
        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            kafka.send(
                    agentEvent(EventType.AGENT_STARTED, executionA, "2025-10-01T08:00:00Z", "live"),
                    agentEvent(EventType.AGENT_COMPLETED, executionA, "2025-10-01T08:00:05Z", "live"),
                    agentEvent(EventType.AGENT_STARTED, executionB, "2025-10-01T09:00:00Z", "live"),
                    agentEvent(EventType.AGENT_FAILED, executionB, "2025-10-01T09:00:07Z", "live"),
                    agentEvent(EventType.AGENT_STARTED, executionC, "2025-10-01T10:00:00Z", "test"),
                    event(EventType.AGENT_STARTED).account(account).execution(executionA)
                            .agent("agent_other", "Other").at("2025-10-01T10:30:00Z").build());
        }
        stored.awaitCount(account, 6);
    }

    @Test
    void defaultsToProductionNewestFirstWithTheDefaultPage() {
        query(account, """
                {"agentId": "agent_q"}""")
                .body("success", is(true))
                .body("count", is(4))
                .body("limit", is(100))
                .body("offset", is(0))
                .body("data.created_at", contains("2025-10-01T09:00:07.000Z", "2025-10-01T09:00:00.000Z",
                        "2025-10-01T08:00:05.000Z", "2025-10-01T08:00:00.000Z"))
                .body("data.eventName", contains("invocation_error", "invocation_start", "node_execution",
                        "invocation_start"))
                .body("data.agentId", everyItem(is(AGENT)))
                .body("data.environment", everyItem(is("production")));
    }

    @Test
    void filtersByEnvironment() {
        query(account, """
                {"agentId": "agent_q", "filters": {"environment": "production"}}""")
                .body("count", is(4))
                .body("data.environment", everyItem(is("production")));
        query(account, """
                {"agentId": "agent_q", "filters": {"environment": "staging"}}""")
                .body("count", is(0))
                .body("data", empty());
    }

    @Test
    void aSandboxKeyReadsDevelopmentByDefaultAndNothingOfLive() {
        query(account, "test", """
                {"agentId": "agent_q"}""")
                .body("count", is(1))
                .body("data[0].environment", is("development"))
                .body("data[0].created_at", is("2025-10-01T10:00:00.000Z"));
        query(account, "test", """
                {"agentId": "agent_q", "filters": {"environment": "production"}}""")
                .body("count", is(0))
                .body("data", empty());
        query(account, "test", """
                {"agentId": "agent_q", "filters": {"environment": "staging"}}""")
                .body("count", is(0));
    }

    @Test
    void aLiveKeyReadsNothingOfTheSandboxsDevelopmentEvents() {
        query(account, """
                {"agentId": "agent_q", "filters": {"environment": "development"}}""")
                .body("count", is(0))
                .body("data", empty());
        query(account, "live", """
                {"agentId": "agent_q", "filters": {"environment": "development"}}""")
                .body("count", is(0));
    }

    @Test
    void filtersBySession() {
        query(account, """
                {"agentId": "agent_q", "filters": {"sessionId": "%s"}}""".formatted(executionB))
                .body("count", is(2))
                .body("data.sessionId", everyItem(is(executionB)))
                .body("data.eventName", contains("invocation_error", "invocation_start"));
    }

    @Test
    void filtersByEventName() {
        query(account, """
                {"agentId": "agent_q", "filters": {"eventName": "invocation_start"}}""")
                .body("count", is(2))
                .body("data.sessionId", contains(executionB, executionA));
    }

    @Test
    void combinesFilters() {
        query(account, """
                {"agentId": "agent_q",
                 "filters": {"environment": "production", "sessionId": "%s", "eventName": "node_execution"}}"""
                .formatted(executionA))
                .body("count", is(1))
                .body("data[0].created_at", is("2025-10-01T08:00:05.000Z"));
    }

    @Test
    void filtersByAnInclusiveDateRange() {
        query(account, """
                {"agentId": "agent_q",
                 "filters": {"startDate": "2025-10-01T08:00:05Z", "endDate": "2025-10-01T09:00:00Z"}}""")
                .body("count", is(2))
                .body("data.created_at", contains("2025-10-01T09:00:00.000Z", "2025-10-01T08:00:05.000Z"));
        query(account, """
                {"agentId": "agent_q", "filters": {"startDate": "2025-10-01T10:00:00+01:00"}}""")
                .body("count", is(2))
                .body("data.created_at", contains("2025-10-01T09:00:07.000Z", "2025-10-01T09:00:00.000Z"));
    }

    @Test
    void aBareEndDateIncludesTheWholeDay() {
        query(account, """
                {"agentId": "agent_q", "filters": {"startDate": "2025-10-01", "endDate": "2025-10-01"}}""")
                .body("count", is(4));
        query(account, """
                {"agentId": "agent_q", "filters": {"endDate": "2025-09-30"}}""")
                .body("count", is(0));
    }

    @Test
    void pagesWithLimitAndOffset() {
        query(account, """
                {"agentId": "agent_q", "limit": 3, "offset": 0}""")
                .body("count", is(3))
                .body("limit", is(3))
                .body("data.created_at", contains("2025-10-01T09:00:07.000Z", "2025-10-01T09:00:00.000Z",
                        "2025-10-01T08:00:05.000Z"));
        query(account, """
                {"agentId": "agent_q", "limit": 3, "offset": 3}""")
                .body("count", is(1))
                .body("offset", is(3))
                .body("data.created_at", contains("2025-10-01T08:00:00.000Z"));
        query(account, """
                {"agentId": "agent_q", "offset": 2147483647}""")
                .body("count", is(0));
    }

    @Test
    void blankOptionalFiltersAreIgnored() {
        query(account, """
                {"agentId": "agent_q",
                 "filters": {"sessionId": "", "eventName": " ", "startDate": "", "endDate": null}}""")
                .body("count", is(4));
    }

    @Test
    void anAgentOfAnotherAccountIsUnauthorized() {
        post(newAccount(), """
                {"agentId": "agent_q"}""")
                .statusCode(401)
                .body("error", is("UNAUTHORIZED"))
                .body("message", is("The agent does not belong to your organization"))
                .body("field", is("agentId"))
                .body("requestId", not(emptyOrNullString()))
                .body("data", nullValue());
    }

    @Test
    void anAgentIdThatExistsNowhereGetsTheSameAnswer() {
        post(account, """
                {"agentId": "agent_never_seen"}""")
                .statusCode(401)
                .body("error", is("UNAUTHORIZED"))
                .body("message", is("The agent does not belong to your organization"));
    }

    @Test
    void theAccountsOwnAgentWithNoEventsInTheAskedEnvironmentOrPageIsAnEmptyList() {
        query(account, """
                {"agentId": "agent_other", "filters": {"environment": "development"}}""")
                .body("count", is(0))
                .body("data", empty());
        query(account, """
                {"agentId": "agent_q", "offset": 50}""")
                .body("count", is(0));
    }

    @Test
    void aCallerWithoutIdentityIsUnauthorized() {
        given().contentType(ContentType.JSON).header("X-Request-ID", "req_no_identity")
                .body("""
                        {"agentId": "agent_q"}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(401)
                .header("X-Request-ID", "req_no_identity")
                .body("error", is("UNAUTHORIZED"))
                .body("message", is("Missing caller identity"))
                .body("requestId", is("req_no_identity"));
    }

    private PlatformEvent agentEvent(EventType type, String execution, String time,
            String environment) {
        return event(type).account(account).execution(execution).agent(AGENT, "Query Agent").at(time)
                .environment(environment).build();
    }

    private static ValidatableResponse query(String accountId, String body) {
        return post(accountId, body).statusCode(200);
    }

    /** As a key of {@code environment} ({@code live} or {@code test}) of the account. */
    private static ValidatableResponse query(String accountId, String environment, String body) {
        return given().header("X-Account-Id", accountId).header("X-Environment", environment)
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/events/agent")
                .then().statusCode(200);
    }

    private static ValidatableResponse post(String accountId, String body) {
        return given().header("X-Account-Id", accountId).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/events/agent")
                .then();
    }
}
