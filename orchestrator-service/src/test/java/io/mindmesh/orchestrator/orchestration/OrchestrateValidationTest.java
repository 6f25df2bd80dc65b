package io.mindmesh.orchestrator.orchestration;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class OrchestrateValidationTest {

    private static final String QUERY_MESSAGE = "Query is required and must be between 1 and 10000 characters";

    private static ValidatableResponse post(String body) {
        return as(TestCallers.live()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/orchestrate").then();
    }

    private static void assertInvalid(String body, String field) {
        post(body).statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", notNullValue())
                .body("requestId", notNullValue());
    }

    @Test
    void missingQueryIsRefusedWithTheSeedMessage() {
        post("{\"context\": {}}").statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo(QUERY_MESSAGE))
                .body("field", equalTo("query"))
                .body("requestId", matchesPattern("req_[0-9a-f]{24}"));
    }

    @Test
    void emptyBlankAndOverlongQueriesAreRefused() {
        post("{\"query\": \"\"}").statusCode(400).body("message", equalTo(QUERY_MESSAGE)).body("field", equalTo("query"));
        post("{\"query\": \"   \"}").statusCode(400).body("message", equalTo(QUERY_MESSAGE));
        post("{\"query\": \"" + "x".repeat(10001) + "\"}").statusCode(400)
                .body("message", equalTo(QUERY_MESSAGE)).body("field", equalTo("query"));
    }

    @Test
    void aQueryOfExactlyTenThousandCharactersPassesValidation() {
        // Valid input reaches the registry, which is not running in this module's tests: 503, not 400.
        post("{\"query\": \"" + "x".repeat(10000) + "\"}").statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void aMissingBodyIsRefusedAsAMissingQuery() {
        as(TestCallers.live()).contentType(ContentType.JSON).when().post("/v1/orchestrate").then()
                .statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("query"));
    }

    @Test
    void malformedJsonIsAnEnvelopedBadRequest() {
        post("{\"query\": ").statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("requestId", notNullValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"query\": 42}                                                          | query",
            "{\"query\": \"q\", \"selectionCriteria\": {\"maxAgents\": \"3\"}}          | selectionCriteria.maxAgents",
            "{\"query\": \"q\", \"selectionCriteria\": {\"maxAgents\": 2.5}}          | selectionCriteria.maxAgents",
            "{\"query\": \"q\", \"selectionCriteria\": {\"verticals\": \"marketing\"}}  | selectionCriteria.verticals",
            "{\"query\": \"q\", \"selectionCriteria\": {\"minConfidence\": \"high\"}}  | selectionCriteria.minConfidence",
            "{\"query\": \"q\", \"selectionCriteria\": \"all\"}                        | selectionCriteria",
            "{\"query\": \"q\", \"mode\": 1}                                           | mode"})
    void wrongTypesAreRefusedNamingTheirField(String body, String field) {
        post(body).statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo(field))
                .body("message", equalTo("Request body is not valid JSON for this endpoint"))
                .body("details", notNullValue())
                .body("requestId", notNullValue());
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        post("[1, 2]").statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("Request body is not valid JSON for this endpoint"))
                .body("requestId", notNullValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"query\": \"q\", \"context\": [1, 2]}                                   | context",
            "{\"query\": \"q\", \"context\": \"text\"}                                 | context",
            "{\"query\": \"q\", \"selectionCriteria\": {\"maxAgents\": 0}}             | selectionCriteria.maxAgents",
            "{\"query\": \"q\", \"selectionCriteria\": {\"maxAgents\": 11}}            | selectionCriteria.maxAgents",
            "{\"query\": \"q\", \"selectionCriteria\": {\"minConfidence\": -0.1}}      | selectionCriteria.minConfidence",
            "{\"query\": \"q\", \"selectionCriteria\": {\"minConfidence\": 1.01}}      | selectionCriteria.minConfidence",
            "{\"query\": \"q\", \"selectionCriteria\": {\"verticals\": [\" \"]}}       | selectionCriteria.verticals",
            "{\"query\": \"q\", \"selectionCriteria\": {\"requiredCapabilities\": [\"\"]}} | selectionCriteria.requiredCapabilities",
            "{\"query\": \"q\", \"mode\": \"parallel\"}                                | mode",
            "{\"query\": \"q\", \"mode\": \"FAN_OUT\"}                                 | mode",
            "{\"query\": \"q\", \"aggregationStrategy\": \"MERGE\"}                    | aggregationStrategy",
            "{\"query\": \"q\", \"aggregationStrategy\": \"average\"}                  | aggregationStrategy",
            "{\"query\": \"q\", \"webhook\": {\"events\": [\"execution.completed\"]}} | webhook.url",
            "{\"query\": \"q\", \"webhook\": {\"url\": \"ftp://example.com/hook\"}}    | webhook.url",
            "{\"query\": \"q\", \"webhook\": {\"url\": \"https://\"}}                  | webhook.url",
            "{\"query\": \"q\", \"webhook\": {\"url\": \"https://example.com\", \"events\": [\"execution.paused\"]}} | webhook.events",
            "{\"query\": \"q\", \"webhook\": {\"url\": \"https://example.com\", \"events\": []}} | webhook.events"})
    void eachViolationNamesItsField(String body, String field) {
        assertInvalid(body, field);
    }

    @Test
    void violationMessagesAreSentencesThatNameTheField() {
        post("{\"query\": \"q\", \"selectionCriteria\": {\"maxAgents\": 11}}").statusCode(400)
                .body("message", equalTo("selectionCriteria.maxAgents must be between 1 and 10"));
        post("{\"query\": \"q\", \"mode\": \"FAN_OUT\"}").statusCode(400)
                .body("message", equalTo("mode must be one of SEQUENTIAL, PARALLEL or DAG"));
    }

    @Test
    void contextDeeperThanTenLevelsIsRefused() {
        post("{\"query\": \"q\", \"context\": " + nested(11) + "}").statusCode(400)
                .body("field", equalTo("context"))
                .body("message", equalTo("context must be at most 10 levels deep"));
    }

    @Test
    void contextOfTenLevelsAndEveryOptionalFieldPassValidation() {
        post("{\"query\": \"Generate quarterly financial report\", \"context\": " + nested(10) + ","
                + " \"selectionCriteria\": {\"verticals\": [\"finance\"], \"requiredCapabilities\": [\"reporting\"],"
                + " \"maxAgents\": 10, \"minConfidence\": 0},"
                + " \"mode\": \"DAG\", \"aggregationStrategy\": \"vote\","
                + " \"webhook\": {\"url\": \"https://your-app.com/webhooks/mindra\","
                + " \"events\": [\"execution.started\", \"execution.completed\", \"execution.failed\"],"
                + " \"secret\": \"whsec_your_webhook_secret\"}}")
                .statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void registryUnreachableIsServiceUnavailableWithRetryAfter() {
        post("{\"query\": \"Create an email campaign for our product launch targeting developers\"}")
                .statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("SERVICE_UNAVAILABLE"))
                .body("retryAfter", equalTo(5))
                .body("message", notNullValue())
                .body("requestId", notNullValue());
    }

    @Test
    void theRequestIdSentIsEchoedInHeaderAndEnvelope() {
        as(TestCallers.live()).header("X-Request-ID", "req_trace_42").contentType(ContentType.JSON).body("{}")
                .when().post("/v1/orchestrate").then()
                .statusCode(400)
                .header("X-Request-ID", "req_trace_42")
                .body("requestId", equalTo("req_trace_42"));
    }

    @Test
    void aCallWithoutCallerIdentityIsUnauthorized() {
        given().contentType(ContentType.JSON).body("{\"query\": \"q\"}")
                .when().post("/v1/orchestrate").then()
                .statusCode(401).body("error", equalTo("UNAUTHORIZED")).body("requestId", notNullValue());
    }

    @Test
    void aNonJsonBodyIsRefusedInTheEnvelope() {
        as(TestCallers.live()).contentType(ContentType.TEXT).body("query=q")
                .when().post("/v1/orchestrate").then()
                .statusCode(415).body("error", equalTo("INVALID_REQUEST"));
    }

    private static String nested(int levels) {
        String json = "1";
        for (int i = 0; i < levels; i++) {
            json = "{\"level" + i + "\": " + json + "}";
        }
        return json;
    }
}
