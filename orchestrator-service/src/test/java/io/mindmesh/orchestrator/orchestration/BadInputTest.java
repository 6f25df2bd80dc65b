package io.mindmesh.orchestrator.orchestration;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.hamcrest.Matchers.equalTo;

import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Input that used to answer 500 is a 400 naming the field (docs/public-api.md#bad-input). */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class BadInputTest {

    @Test
    void aNulCharacterInTheQueryIsRefusedBeforeItReachesTheDatabase() {
        as(TestCallers.live()).contentType(ContentType.JSON).body("{\"query\": \"Launch\\u0000plan\"}")
                .when().post("/v1/orchestrate")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("query"));
    }

    @Test
    void aNumberBeyondADoubleIsRefusedNamingTheField() {
        as(TestCallers.live()).contentType(ContentType.JSON)
                .body("{\"query\": \"q\", \"selectionCriteria\": {\"minConfidence\": 1e400}}")
                .when().post("/v1/orchestrate")
                .then().statusCode(400)
                .body("field", equalTo("selectionCriteria.minConfidence"));
    }

    @Test
    void aPageBeyondTheDeepestOneIsRefused() {
        as(TestCallers.live()).queryParam("page", 30000000).queryParam("limit", 100)
                .when().get("/v1/executions")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("page"));
    }

    @Test
    void aNulCharacterInAPathParameterIsRefused() {
        as(TestCallers.live()).urlEncodingEnabled(false)
                .when().get("/v1/executions/exec_%00")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("field", equalTo("id"));
    }
}
