package io.mindmesh.analytics.custom;

import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class CustomEventsTest {

    private static final String CHECKOUT = """
            {"eventName": "checkout_clicked", "executionId": "exec_1", "agentId": "agent_c",
             "payload": {"userId": "user-123", "metadata": {"page": "checkout"}, "amount": 1.50},
             "eventId": "evt-1", "timestamp": "2025-10-14T08:37:44.250Z"}""";

    @Inject
    StoredEvents stored;

    private static ValidatableResponse post(String account, String body) {
        return post(account, "live", body);
    }

    private static ValidatableResponse post(String account, String environment, String body) {
        return given().header("X-Account-Id", account).header("X-Environment", environment)
                .header("X-Request-ID", "req_custom").contentType(ContentType.JSON).body(body)
                .when().post("/v1/events")
                .then();
    }

    @Test
    void recordsTheEventAndAnswersItStored() {
        String account = newAccount();
        post(account, CHECKOUT).statusCode(201)
                .body("id", greaterThan(0))
                .body("eventId", is("evt-1"))
                .body("agentId", is("agent_c"))
                .body("sessionId", is("exec_1"))
                .body("environment", is("production"))
                .body("eventName", is("checkout_clicked"))
                .body("payload.userId", is("user-123"))
                .body("payload.metadata.page", is("checkout"))
                .body("created_at", is("2025-10-14T08:37:44.250Z"));
        assertEquals(1, stored.count(account, "checkout_clicked"));
    }

    @Test
    void seed002sQueryFindsItByAgentSessionAndName() {
        String account = newAccount();
        post(account, CHECKOUT).statusCode(201);
        given().header("X-Account-Id", account).contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_c", "filters": {"sessionId": "exec_1", "eventName": "checkout_clicked"}}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].eventName", is("checkout_clicked"))
                .body("data[0].payload.metadata.page", is("checkout"));
    }

    @Test
    void itDoesNotAddAnAgentToTheAgentsList() {
        String account = newAccount();
        post(account, CHECKOUT).statusCode(201);
        given().header("X-Account-Id", account)
                .when().get("/api/v1/agents/list")
                .then().statusCode(200)
                .body("count", is(0));
    }

    @Test
    void numbersKeepTheirDigits() {
        String body = post(newAccount(), CHECKOUT).statusCode(201).extract().asString();
        assertEquals(true, body.contains("\"amount\":1.50"), body);
    }

    @Test
    void defaultsTheIdAndTheTimeAndTakesTheEnvironmentFromTheKey() {
        String account = newAccount();
        post(account, "test", """
                {"eventName": "note", "payload": {}}""").statusCode(201)
                .body("eventId", matchesPattern("[0-9a-f-]{36}"))
                .body("environment", is("development"))
                .body("agentId", nullValue())
                .body("sessionId", nullValue())
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void theSameEventIdAndBodyIsAReplay() {
        String account = newAccount();
        int id = post(account, CHECKOUT).statusCode(201).extract().path("id");
        // Same event with its keys in another order and the number spelled differently.
        post(account, """
                {"eventId": "evt-1", "timestamp": "2025-10-14T08:37:44.250Z", "eventName": "checkout_clicked",
                 "agentId": "agent_c", "executionId": "exec_1",
                 "payload": {"amount": 1.5, "metadata": {"page": "checkout"}, "userId": "user-123"}}""")
                .statusCode(200)
                .body("id", is(id))
                .body("eventId", is("evt-1"));
        assertEquals(1, stored.count(account, "checkout_clicked"));
    }

    @Test
    void aReplayWithoutATimestampMatchesTheStoredTime() {
        String account = newAccount();
        String body = """
                {"eventName": "retry_me", "eventId": "evt-retry", "payload": {"n": 1}}""";
        String first = post(account, body).statusCode(201).extract().path("created_at");
        post(account, body).statusCode(200).body("created_at", is(first));
        assertEquals(1, stored.count(account, "retry_me"));
    }

    @Test
    void theSameEventIdWithAnotherBodyIsAConflict() {
        String account = newAccount();
        post(account, CHECKOUT).statusCode(201);
        post(account, CHECKOUT.replace("user-123", "user-456")).statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("eventId"))
                .body("message", is("eventId evt-1 was already recorded with a different event"))
                .body("requestId", is("req_custom"));
        post(account, CHECKOUT.replace("08:37:44.250Z", "08:37:45Z")).statusCode(409);
        post(account, "test", CHECKOUT).statusCode(409);
        assertEquals(1, stored.count(account, "checkout_clicked"));
    }

    @Test
    void eventIdsAreScopedToTheAccount() {
        String first = newAccount();
        String second = newAccount();
        post(first, CHECKOUT).statusCode(201);
        post(second, CHECKOUT.replace("user-123", "user-456")).statusCode(201)
                .body("payload.userId", is("user-456"));
        assertEquals(1, stored.count(first, "checkout_clicked"));
        assertEquals(1, stored.count(second, "checkout_clicked"));
    }

    static Stream<Arguments> invalidBodies() {
        String big = "x".repeat(CustomEventRequest.MAX_PAYLOAD_BYTES);
        return Stream.of(
                Arguments.of("{\"payload\": {}}", "eventName", "eventName is required"),
                Arguments.of("{\"eventName\": \" \", \"payload\": {}}", "eventName", "eventName is required"),
                Arguments.of("{\"eventName\": \"" + "n".repeat(129) + "\", \"payload\": {}}", "eventName",
                        "eventName must be at most 128 characters long"),
                Arguments.of("{\"eventName\": \"a\\nb\", \"payload\": {}}", "eventName",
                        "eventName must not contain control characters"),
                Arguments.of("{\"eventName\": \"node_execution\", \"payload\": {}}", "eventName",
                        "eventName node_execution is one of the platform's own event names; choose another name"),
                Arguments.of("{\"eventName\": \"execution.completed\", \"payload\": {}}", "eventName",
                        "eventName execution.completed is one of the platform's own event names; choose another name"),
                Arguments.of("{\"eventName\": \"e\"}", "payload", "payload is required and must be a JSON object"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": [1, 2]}", "payload", "payload must be a JSON object"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": \"text\"}", "payload", "payload must be a JSON object"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {\"big\": \"" + big + "\"}}", "payload",
                        "payload must be at most 65536 bytes as JSON; it is " + (big.length() + 10)),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {\"nul\": \"a\\u0000b\"}}", "payload.nul",
                        "payload.nul must not contain the NUL character (\\u0000)"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"eventId\": \"  \"}", "eventId",
                        "eventId must not be blank or contain control characters"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"agentId\": \"" + "a".repeat(129) + "\"}",
                        "agentId", "agentId must be at most 128 characters long"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"executionId\": \"\"}", "executionId",
                        "executionId must not be blank or contain control characters"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"timestamp\": \"soon\"}", "timestamp",
                        "timestamp must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z)"
                                + " between years 0001 and 9999"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"timestamp\": \"\\t\"}", "timestamp",
                        "timestamp must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z)"
                                + " between years 0001 and 9999"),
                Arguments.of("{\"eventName\": \"e\", \"payload\": {}, \"timestamp\": \"\"}", "timestamp",
                        "timestamp must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z)"
                                + " between years 0001 and 9999"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void anInvalidFieldIsNamedAndNothingIsStored(String body, String field, String message) {
        String account = newAccount();
        post(account, body).statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", is("req_custom"));
        assertEquals(0, stored.count(account));
    }

    @Test
    void aBodyThatIsNotJsonIsRejected() {
        post(newAccount(), "{\"eventName\": ").statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("details", not(emptyOrNullString()));
    }

    @Test
    void withoutTheCallerIdentityItIsUnauthorized() {
        given().contentType(ContentType.JSON).body(CHECKOUT)
                .when().post("/v1/events")
                .then().statusCode(401)
                .body("error", is("UNAUTHORIZED"));
    }

    @Test
    void outcomesAreCounted() {
        String account = newAccount();
        post(account, CHECKOUT).statusCode(201);
        post(account, CHECKOUT).statusCode(200);
        post(account, CHECKOUT.replace("user-123", "other")).statusCode(409);
        post(account, "{\"payload\": {}}").statusCode(400);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("analytics_custom_events_total{outcome=\"recorded\"}"))
                .body(containsString("analytics_custom_events_total{outcome=\"replayed\"}"))
                .body(containsString("analytics_custom_events_total{outcome=\"conflict\"}"))
                .body(containsString("analytics_custom_events_total{outcome=\"invalid\"}"));
    }
}
