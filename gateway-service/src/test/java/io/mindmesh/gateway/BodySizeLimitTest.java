package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Bodies over {@code quarkus.http.limits.max-body-size} (1 MiB) get the seed's envelope, however they are sent. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class BodySizeLimitTest {

    private static final int OVER_ONE_MIB = 1024 * 1024 + 1;

    @TestHTTPResource("/v1/orchestrate")
    URI orchestrate;

    @Test
    void aBodyDeclaredTooLargeIsRefusedInTheEnvelope() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON).header("X-Request-ID", "big-body-1")
                .body(new byte[OVER_ONE_MIB])
                .when().post("/v1/orchestrate")
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("The request body is larger than the limit of 1048576 bytes"))
                .body("requestId", equalTo("big-body-1"));
    }

    /**
     * The client is still sending when the 413 is written; closing the socket on unread bytes
     * would reset the connection and could discard the answer before the client reads it.
     */
    @Test
    void theRefusalReachesAClientStillSendingItsBody() throws Exception {
        String key = newKey(newAccount("developer"), "live");
        for (int i = 0; i < 30; i++) {
            HttpRequest request = HttpRequest.newBuilder(orchestrate)
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(i % 3 + 1) * 4 * OVER_ONE_MIB]))
                    .build();
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(413, response.statusCode(), "attempt " + i);
            assertEquals("INVALID_REQUEST", new ObjectMapper().readTree(response.body()).path("error").asText());
        }
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsRefusedInTheEnvelopeToo() throws Exception {
        String key = newKey(newAccount("developer"), "live");
        HttpRequest request = HttpRequest.newBuilder(orchestrate)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * OVER_ONE_MIB])))
                .build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        assertEquals(413, response.statusCode());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("INVALID_REQUEST", body.path("error").asText());
        assertEquals("The request body is larger than the limit of 1048576 bytes", body.path("message").asText());
        assertEquals(response.headers().firstValue("X-Request-ID").orElseThrow(), body.path("requestId").asText());
    }

    @Test
    void aChunkedBodyUnderTheLimitReachesTheEndpoint() throws Exception {
        String key = newKey(newAccount("developer"), "live");
        byte[] json = "{\"name\": \"sent in chunks\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(orchestrate.resolve("/v1/api-keys"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
                .build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        assertEquals(201, response.statusCode());
        assertEquals("sent in chunks", new ObjectMapper().readTree(response.body()).path("name").asText());
    }

    @Test
    void aBodyAtTheLimitPasses() {
        String key = newKey(newAccount("developer"), "live");
        // The orchestrator does not run in these tests: reaching it is what counts.
        given().auth().oauth2(key).contentType(ContentType.JSON).body(new byte[1024 * 1024])
                .when().post("/v1/orchestrate")
                .then().statusCode(503).body("requestId", startsWith("req_"));
    }
}
