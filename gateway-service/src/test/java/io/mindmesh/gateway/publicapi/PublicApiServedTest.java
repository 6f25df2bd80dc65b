package io.mindmesh.gateway.publicapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The document and Swagger UI are served without a key, as a consumer finds them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class PublicApiServedTest {

    @Test
    void theDocumentIsServedAtOpenapiJson() {
        given().when().get("/openapi.json")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("openapi", equalTo("3.1.0"))
                .body("paths.'/v1/orchestrate'.post.operationId", equalTo("orchestrate"));
    }

    @Test
    void swaggerUiAtDocsReadsIt() {
        given().when().get("/docs/")
                .then().statusCode(200)
                .body(containsString("/openapi.json"));
    }
}
