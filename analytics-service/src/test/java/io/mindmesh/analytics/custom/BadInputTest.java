package io.mindmesh.analytics.custom;

import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
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
import org.junit.jupiter.api.Test;

/**
 * Input PostgreSQL would refuse (a NUL character, a number no JSON column can hold) is a 400 naming
 * the field, and nothing is stored (docs/public-api.md#bad-input).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class BadInputTest {

    @Inject
    StoredEvents stored;

    private static ValidatableResponse post(String account, String body) {
        return given().header("X-Account-Id", account).header("X-Environment", "live")
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/events")
                .then();
    }

    @Test
    void aNumberBeyondADoubleInACustomEventIsRefusedNamingItsField() {
        String account = newAccount();
        post(account, "{\"eventName\": \"big\", \"payload\": {\"sizes\": [1, 1e10000]}}").statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("payload.sizes[1]"));
        assertEquals(0, stored.count(account));
    }

    @Test
    void aNulCharacterInACustomEventIsRefusedNamingItsField() {
        String account = newAccount();
        post(account, "{\"eventName\": \"nul\\u0000name\", \"payload\": {}}").statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("eventName"));
        post(account, "{\"eventName\": \"nul\", \"payload\": {\"a\\u0000b\": 1}}").statusCode(400)
                .body("field", is("payload.a\\u0000b"));
        assertEquals(0, stored.count(account));
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedNamingIt() {
        given().header("X-Account-Id", newAccount()).urlEncodingEnabled(false)
                .when().get("/v1/analytics/usage?agentId=agent%00one")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("agentId"));
    }

    @Test
    void aNulCharacterInTheEventQueryIsRefusedNamingIt() {
        given().header("X-Account-Id", newAccount()).contentType(ContentType.JSON)
                .body("{\"agentId\": \"agent\\u0000one\"}")
                .when().post("/api/v1/events/agent")
                .then().statusCode(400)
                .body("field", is("agentId"));
    }
}
