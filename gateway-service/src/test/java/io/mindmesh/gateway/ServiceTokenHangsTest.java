package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Keycloak that accepts connections and never answers: the wait for a service token is bounded
 * (gateway.service-token.timeout), and the request gets the 503 envelope instead of hanging.
 */
@QuarkusTest
@TestProfile(ServiceTokenHangsTest.TokenEndpointHangs.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ServiceTokenHangsTest {

    /** Accepts every connection and keeps it open without a byte of answer. */
    public static class TokenEndpointHangs implements QuarkusTestProfile {
        private static final ServerSocket SILENT = silentServer();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc-client.auth-server-url",
                    "http://127.0.0.1:" + SILENT.getLocalPort() + "/realms/mindmesh",
                    "gateway.service-token.timeout", "1s");
        }

        private static ServerSocket silentServer() {
            try {
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                List<Socket> held = new CopyOnWriteArrayList<>();
                Thread.ofPlatform().daemon().name("silent-keycloak").start(() -> {
                    while (!server.isClosed()) {
                        try {
                            held.add(server.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aForwardedRequestIsServiceUnavailableInsteadOfWaitingForKeycloak() {
        String apiKey = newKey(newAccount("developer"), "live");
        // Far longer than the token timeout, shorter than the OIDC client's own connection timeout (10 s).
        given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 8_000)))
                .header("Authorization", "Bearer " + apiKey).when().get("/v1/agents")
                .then().statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("SERVICE_UNAVAILABLE"))
                .body("requestId", startsWith("req_"));
    }
}
