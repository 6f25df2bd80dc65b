package io.mindmesh.analytics.events;

import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad request answers 400 in the seed's envelope, naming the field when there is one; never a 500. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class AgentEventsValidationTest {

    private static final String DATE_HINT = " must be an ISO 8601 date (2025-10-01) or date-time"
            + " (2025-10-01T00:00:00Z) between years 0001 and 9999";

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("{}", "agentId", "agentId is required"),
                Arguments.of("{\"agentId\": \"  \"}", "agentId", "agentId is required"),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"environment\": \"prod\"}}",
                        "filters.environment", "filters.environment must be one of development, staging, production"),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"environment\": \"\"}}",
                        "filters.environment", "filters.environment must be one of development, staging, production"),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"startDate\": \"yesterday\"}}",
                        "filters.startDate", "filters.startDate" + DATE_HINT),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"endDate\": \"2025-13-01T00:00:00Z\"}}",
                        "filters.endDate", "filters.endDate" + DATE_HINT),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"startDate\": \"+10000-01-01\"}}",
                        "filters.startDate", "filters.startDate" + DATE_HINT),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"startDate\": \"2025-10-31T00:00:00Z\","
                        + " \"endDate\": \"2025-10-01T00:00:00Z\"}}",
                        "filters.endDate", "filters.endDate must not be before filters.startDate"),
                Arguments.of("{\"agentId\": \"a\", \"limit\": 0}", "limit", "limit must be between 1 and 1000"),
                Arguments.of("{\"agentId\": \"a\", \"limit\": 1001}", "limit", "limit must be between 1 and 1000"),
                Arguments.of("{\"agentId\": \"a\", \"offset\": -1}", "offset", "offset must be 0 or greater"));
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void anInvalidFieldIsNamed(String body, String field, String message) {
        given().header("X-Account-Id", newAccount()).header("X-Request-ID", "req_invalid_field")
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .header("X-Request-ID", "req_invalid_field")
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", is("req_invalid_field"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"agentId\": ", "not json", "{\"agentId\": \"a\" \"limit\": 5}",
            "{\"agentId\": \"a\", \"offset\": 99999999999}"})
    void malformedJsonOrAnOutOfRangeNumberIsRejected(String body) {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Request body is not valid JSON for this endpoint"))
                .body("details", not(emptyOrNullString()))
                .body("requestId", not(emptyOrNullString()));
    }

    static Stream<Arguments> wronglyTypedFields() {
        return Stream.of(
                Arguments.of("{\"agentId\": \"a\", \"filters\": \"production\"}", "filters"),
                Arguments.of("{\"agentId\": \"a\", \"limit\": \"fifty\"}", "limit"),
                Arguments.of("{\"agentId\": \"a\", \"limit\": 1.5}", "limit"),
                Arguments.of("{\"agentId\": \"a\", \"limit\": true}", "limit"),
                Arguments.of("{\"agentId\": {\"id\": \"a\"}}", "agentId"),
                Arguments.of("{\"agentId\": \"a\", \"filters\": {\"startDate\": [2025]}}", "filters.startDate"));
    }

    @ParameterizedTest
    @MethodSource("wronglyTypedFields")
    void aValueOfTheWrongTypeIsRejectedNamingTheField(String body, String field) {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Request body is not valid JSON for this endpoint"))
                .body("field", is(field))
                .body("details", not(emptyOrNullString()))
                .body("requestId", not(emptyOrNullString()));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.JSON).body("[]")
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Request body is not valid JSON for this endpoint"))
                .body("requestId", not(emptyOrNullString()));
    }

    @Test
    void aMissingBodyIsRejected() {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.JSON)
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("A JSON request body is required"))
                .body("requestId", not(emptyOrNullString()));
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.TEXT).body("agentId=a")
                .when().post("/api/v1/events/agent")
                .then().statusCode(415)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Content-Type must be application/json"));
    }

    @Test
    void theQueryEndpointOnlyAcceptsPost() {
        given().header("X-Account-Id", newAccount())
                .when().get("/api/v1/events/agent")
                .then().statusCode(405)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Method not allowed on this resource"));
    }
}
