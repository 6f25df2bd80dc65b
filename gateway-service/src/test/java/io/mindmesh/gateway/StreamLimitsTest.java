package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Open server-sent event streams are limited per key and per account, released when either side
 * closes, and relayed without a worker thread each: the stub services' worker pool has
 * {@value StubServices#WORKER_THREADS} threads, and 300 open streams still leave the gateway
 * answering.
 */
@QuarkusTest
@TestProfile(StreamLimitsTest.SmallLimits.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = StubServices.class, restrictToAnnotatedClass = true)
class StreamLimitsTest {

    private static final int PER_KEY = 3;
    private static final int PER_ACCOUNT = 4;
    private static final Pattern OPEN_STREAMS = Pattern.compile("(?m)^gateway_open_streams(?:\\{[^}]*})? (\\S+)$");

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.streams.max-per-key", String.valueOf(PER_KEY),
                    "gateway.streams.max-per-account", String.valueOf(PER_ACCOUNT),
                    "gateway.streams.retry-after", "7s");
        }
    }

    private final List<OpenStream> opened = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        opened.forEach(OpenStream::close);
        await(() -> openStreams() == 0 && StubServices.held() == 0, Duration.ofSeconds(30),
                "every stream closed at the gateway and at the service");
    }

    @Test
    void aKeyOverItsLimitGets429UntilOneOfItsStreamsCloses() {
        String key = newKey(newAccount("business"), "live");
        for (int i = 0; i < PER_KEY; i++) {
            open(key, "/v1/executions/exec_hold" + i + "/stream");
        }

        given().auth().oauth2(key).when().get("/v1/executions/exec_hold9/stream").then()
                .statusCode(429)
                .header("Retry-After", "7")
                .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                .body("message", startsWith("Too many open streams for this API key (at most 3)"))
                .body("retryAfter", equalTo(7))
                .body("requestId", startsWith("req_"));

        // The client goes away: its place is given back, and the service's stream is closed too.
        opened.removeFirst().close();
        await(() -> StubServices.held() == PER_KEY - 1, Duration.ofSeconds(30), "the service's stream closed");
        await(() -> tryOpen(key, "/api/v1/workflows/execute/exec_hold4/stream"), Duration.ofSeconds(30),
                "a new stream is accepted once one closed");
    }

    @Test
    void anAccountOverItsLimitGets429WhicheverKeyAsks() {
        String account = newAccount("business");
        String first = newKey(account, "live");
        String second = newKey(account, "live");
        for (int i = 0; i < PER_KEY; i++) {
            open(first, "/v1/executions/exec_hold" + i + "/stream");
        }
        open(second, "/api/v1/workflows/execute/exec_hold3/stream");

        given().auth().oauth2(second).when().get("/v1/executions/exec_hold4/stream").then()
                .statusCode(429)
                .header("Retry-After", "7")
                .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                .body("message", startsWith("Too many open streams for this account (at most 4)"));
    }

    @Test
    void aStreamTheServiceEndsGivesItsPlaceBack() {
        String key = newKey(newAccount("business"), "live");
        for (int i = 0; i < PER_KEY * 2; i++) {
            given().auth().oauth2(key).when().get("/v1/executions/exec_done/stream").then()
                    .statusCode(200)
                    .contentType(startsWith("text/event-stream"))
                    .header("X-Accel-Buffering", "no")
                    .body(equalTo("event: started\ndata: {}\n\nevent: completed\ndata: {}\n\n"));
        }
        await(() -> openStreams() == 0, Duration.ofSeconds(30), "no stream left open");
    }

    @Test
    void aStreamTheServiceFailsIs503AndGivesItsPlaceBack() {
        String key = newKey(newAccount("business"), "live");
        for (int i = 0; i < PER_KEY + 1; i++) {
            given().auth().oauth2(key).when().get("/v1/executions/exec_broken/stream").then()
                    .statusCode(503)
                    .body("error", equalTo("SERVICE_UNAVAILABLE"))
                    .body("message", equalTo("The orchestrator service is temporarily unavailable; retry shortly"));
        }
        open(key, "/v1/executions/exec_hold1/stream");
    }

    @Test
    void threeHundredOpenStreamsDoNotStallAnOrdinaryRequest() throws Exception {
        // The forwarding path once before, so that what follows measures no first-use cost.
        String warm = newKey(newAccount("business"), "live");
        given().auth().oauth2(warm).when().get("/v1/agents").then().statusCode(200);
        int accounts = 100;
        for (int a = 0; a < accounts; a++) {
            String key = newKey(newAccount("business"), "live");
            for (int i = 0; i < PER_KEY; i++) {
                open(key, "/v1/executions/exec_hold" + i + "/stream");
            }
        }
        assertEquals(accounts * PER_KEY, openStreams());

        // A key the gateway has not seen yet is read from the database on a worker thread: were the
        // streams holding the workers (there are 4), this request would wait for ever. The bound is
        // generous on purpose: the machine may be busy, the request must only answer at all.
        String fresh = newKey(newAccount("business"), "live");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/v1/agents"))
                .header("Authorization", "Bearer " + fresh).timeout(Duration.ofSeconds(120)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertEquals(200, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(),
                    "answered while 300 streams are open");
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer while 300 streams are open; the gateway's threads:\n" + threads(), e);
        }
    }

    /** The gateway runs in this JVM: where its worker and event-loop threads are, when a request stalls. */
    private static String threads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("executor-thread") || thread.getName().startsWith("vert.x-eventloop")) {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    dump.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private void open(String key, String path) {
        OpenStream stream = OpenStream.connect(key, path);
        opened.add(stream);
        assertTrue(stream.head().startsWith("HTTP/1.1 200"), stream.head());
        assertTrue(stream.head().toLowerCase().contains("content-type: text/event-stream"), stream.head());
    }

    private boolean tryOpen(String key, String path) {
        OpenStream stream = OpenStream.connect(key, path);
        if (stream.head().startsWith("HTTP/1.1 200")) {
            opened.add(stream);
            return true;
        }
        stream.close();
        return false;
    }

    private static double openStreams() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = OPEN_STREAMS.matcher(metrics);
        assertTrue(value.find(), "gateway_open_streams is exported");
        return Double.parseDouble(value.group(1));
    }

    private static void await(BooleanSupplier condition, Duration atMost, String what) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A stream held open on its own connection, the way a browser's EventSource holds one. */
    private record OpenStream(Socket socket, String head) {

        static OpenStream connect(String key, String path) {
            try {
                Socket socket = new Socket("127.0.0.1", RestAssured.port);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + key + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return new OpenStream(socket, readHead(socket.getInputStream()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    break;
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
