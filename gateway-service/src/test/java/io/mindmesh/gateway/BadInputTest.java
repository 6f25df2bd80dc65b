package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Input that used to reach PostgreSQL or Jackson's messages answers a 400 naming the field, and a
 * URL over {@code gateway.max-url-length} a 414, all in the error envelope (docs/public-api.md#bad-input).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class BadInputTest {

    @Test
    void aNulCharacterInAJsonStringIsRefusedNamingTheField() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"name\": \"ci\\u0000pipeline\"}")
                .when().post("/v1/api-keys")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("name"))
                .body("requestId", notNullValue());
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedNamingTheParameter() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).urlEncodingEnabled(false)
                .when().get("/v1/analytics/usage?agentId=agent%00x")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("agentId"));
    }

    @Test
    void aPageBeyondTheDeepestOneIsRefused() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).queryParam("page", 30000000).queryParam("limit", 100)
                .when().get("/v1/api-keys")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("page"));
    }

    @Test
    void jsonOfTheWrongShapeIsDescribedWithoutJavaNames() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"name\": \"ci\", \"scopes\": {\"a\": 1}}")
                .when().post("/v1/api-keys")
                .then().statusCode(400)
                .body("field", equalTo("scopes"))
                .body("details", equalTo("scopes must be an array"))
                .body(allOf(not(containsString("java.")), not(containsString("Cannot deserialize")),
                        not(containsString("io.mindmesh"))));
    }

    @Test
    void malformedJsonIsLocatedWithoutEchoingTheParser() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"name\": ci}")
                .when().post("/v1/api-keys")
                .then().statusCode(400)
                .body("details", equalTo("The body is not well-formed JSON at line 1, column 10"));
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeOrNamesAnUnknownCharsetIsRefused() {
        String key = newKey(newAccount("developer"), "live");
        for (String contentType : new String[] {"garbage", "application/json; charset=no-such-charset"}) {
            given().auth().oauth2(key).header("Content-Type", contentType)
                    .body("{\"name\": \"ci\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/v1/api-keys")
                    .then().statusCode(400)
                    .body("error", equalTo("INVALID_REQUEST"))
                    .body("field", equalTo("Content-Type"));
        }
    }

    @Test
    void aGetLabelledJsonIsForwardedWithoutReadingAnyBody() {
        // The downstreams point at a closed port in these tests: forwarding is a 503, never a 500.
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .when().get("/v1/agents")
                .then().statusCode(503)
                .body("error", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void anOverlongUrlIsRefusedInTheEnvelope() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).header("X-Request-ID", "long-url-1")
                .when().get("/v1/agents?query=" + "a".repeat(5000))
                .then().statusCode(414)
                .contentType(ContentType.JSON)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("The URL is longer than the limit of 4000 characters"))
                .body("requestId", equalTo("long-url-1"));
    }
}
