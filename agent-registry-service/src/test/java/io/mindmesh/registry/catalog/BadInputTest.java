package io.mindmesh.registry.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Input that used to answer 500 is a 400 naming the field (docs/public-api.md#bad-input). */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class BadInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/agents", "/v1/workflows"})
    void aPageBeyondTheDeepestOneIsRefused(String list) {
        given().queryParam("page", 30000000).queryParam("limit", 100)
                .when().get(list)
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("page"));
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedNamingIt() {
        given().urlEncodingEnabled(false)
                .when().get("/v1/agents?vertical=mark%00eting")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("vertical"));
    }

    @Test
    void aDefinitionThatIsNotJsonIsDescribedWithoutTheParsersMessage() {
        given().contentType(ContentType.JSON).body("not json")
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("details", startsWith("The body is not well-formed JSON at line 1, column "));
        given().contentType(ContentType.JSON).body("{\"name\": \"glacier-survey\", \"typicalLatencyMs\": \"slow\"}")
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("field", is("typicalLatencyMs"))
                .body("details", is("typicalLatencyMs must be a whole number"));
    }

    @Test
    void aNulCharacterInAnAgentIsRefusedNamingItsField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"nul\\u0000agent\"}")
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("name"));
    }
}
