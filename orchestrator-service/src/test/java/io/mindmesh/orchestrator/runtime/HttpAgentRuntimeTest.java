package io.mindmesh.orchestrator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.AgentRuntimeSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.mindmesh.orchestrator.support.AgentSignatures;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http runtime against a real HTTP agent started by the test. */
class HttpAgentRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.allowing(List.of("127.0.0.0/8"));

    private static Vertx vertx;
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<String> traceparent = new AtomicReference<>();
    private static final Tracing TRACING = new Tracing(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
    private final AtomicReference<Headers> receivedHeaders = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final HttpAgentRuntime runtime = runtime(LOOPBACK_ALLOWED, InetAddress::getAllByName);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static HttpAgentRuntime runtime(AddressPolicy policy, AddressPolicy.Resolver resolver) {
        return new HttpAgentRuntime(vertx, JSON, Duration.ofSeconds(5), 1024, policy, resolver,
                agentId -> AgentSignatures.SECRET, TRACING);
    }

    @BeforeEach
    void startAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            calls.incrementAndGet();
            receivedHeaders.set(exchange.getRequestHeaders());
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            traceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            respond(exchange, 200, "{\"output\": {\"subject\": \"Launch\"}, \"confidence\": 0.81, \"usage\": {\"units\": 640}}");
        });
        server.createContext("/down", exchange -> respond(exchange, 503, "{}"));
        server.createContext("/down-empty", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(503, -1);
            }
        });
        server.createContext("/refuses", exchange -> respond(exchange, 422, "{}"));
        server.createContext("/no-output", exchange -> respond(exchange, 200, "{\"confidence\": 0.5}"));
        server.createContext("/infinite-confidence", exchange -> respond(exchange, 200,
                "{\"output\": 1, \"confidence\": 1e400}"));
        server.createContext("/infinite-units", exchange -> respond(exchange, 200,
                "{\"output\": 1, \"usage\": {\"units\": 1e10000}}"));
        server.createContext("/absurd-units", exchange -> respond(exchange, 200,
                "{\"output\": 1, \"usage\": {\"units\": 2e14}}"));
        server.createContext("/huge", exchange -> respond(exchange, 200, "{\"output\": \"" + "x".repeat(2000) + "\"}"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{\"output\": 1}");
        });
        // Headers at once, then a few bytes of the body, then nothing until the test is over.
        server.createContext("/trickle", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"output\": ".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                testOver.await(30, TimeUnit.SECONDS);
                exchange.getResponseBody().write("1}".getBytes(StandardCharsets.UTF_8));
                exchange.close();
            } catch (InterruptedException | IOException e) {
                // The client gave up and closed the connection: nothing left to send.
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopAgent() {
        testOver.countDown();
        server.stop(0);
        runtime.close();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private SelectedAgent agent(String path, Long timeoutMs) {
        return agentAt("http://127.0.0.1:" + server.getAddress().getPort() + path, timeoutMs);
    }

    private static SelectedAgent agentAt(String endpoint) {
        return agentAt(endpoint, null);
    }

    private static SelectedAgent agentAt(String endpoint, Long timeoutMs) {
        return new SelectedAgent("agent_http", "http-agent", "HTTP agent", "marketing", List.of(), "", List.of(),
                List.of(), new AgentPricing(new BigDecimal("0.10"), new BigDecimal("0.001"), "tokens",
                        new BigDecimal("800")), null,
                new AgentRuntimeSpec("http", endpoint, timeoutMs, null, null), 100L, 1, new BigDecimal("0.9"));
    }

    private AgentCall call(SelectedAgent agent) throws Exception {
        Map<String, JsonNode> upstream = new LinkedHashMap<>();
        upstream.put("researcher", JSON.readTree("{\"facts\": 3}"));
        return new AgentCall("exec_abc", "step_def", 1, agent, "Write the email", JSON.readTree("{\"tone\": \"warm\"}"),
                upstream, "Write about Dogs");
    }

    @Test
    void theAgentReceivesTheProtocolRequestAndItsAnswerIsRead() throws Exception {
        AgentResult result = runtime.invoke(call(agent("/ok", null)));

        assertEquals("Launch", result.output().get("subject").asText());
        assertEquals(new BigDecimal("0.81"), result.confidence());
        assertEquals(new BigDecimal("640"), result.units());
        JsonNode request = JSON.readTree(received.get());
        assertEquals("exec_abc", request.get("executionId").asText());
        assertEquals("step_def", request.get("stepId").asText());
        assertEquals(1, request.get("attempt").asInt());
        assertEquals("Write the email", request.get("query").asText());
        assertEquals("Write about Dogs", request.get("instructions").asText());
        assertEquals("warm", request.at("/context/tone").asText());
        assertEquals(3, request.at("/upstream/researcher/facts").asInt());
    }

    @Test
    void theAgentReceivesTheStepsTraceAsTraceparentFromAClientSpanOfItsOwn() throws Exception {
        Span step = TRACING.start("step", SpanKind.INTERNAL, Context.root());
        try (Scope scope = step.makeCurrent()) {
            runtime.invoke(call(agent("/ok", null)));
        } finally {
            step.end();
        }

        String[] parts = traceparent.get().split("-");
        assertEquals(4, parts.length, traceparent.get());
        assertEquals(step.getSpanContext().getTraceId(), parts[1]);
        assertFalse(step.getSpanContext().getSpanId().equals(parts[2]), "the call's own client span is the parent");
        assertEquals("01", parts[3]);
    }

    @Test
    void eachCallIsSignedSoThatTheAgentCanTellItFromAForgery() throws Exception {
        runtime.invoke(call(agent("/ok", null)));
        byte[] body = received.get().getBytes(StandardCharsets.UTF_8);
        Headers signed = receivedHeaders.get();

        assertTrue(AgentSignatures.valid(AgentSignatures.SECRET, signed, body), "the orchestrator's call verifies");
        assertEquals(signed.getFirst("X-Mindmesh-Timestamp"), JSON.readTree(body).get("timestamp").asText(),
                "the signing time is inside the signed bytes");

        Headers unsigned = new Headers();
        assertFalse(AgentSignatures.valid(AgentSignatures.SECRET, unsigned, body), "an unsigned call");
        Headers forged = new Headers();
        forged.add("X-Mindmesh-Timestamp", signed.getFirst("X-Mindmesh-Timestamp"));
        forged.add("X-Mindmesh-Signature", AgentSignatures.sign("mms_a-guessed-secret", body));
        assertFalse(AgentSignatures.valid(AgentSignatures.SECRET, forged, body), "signed with another secret");
        byte[] altered = received.get().replace("Write the email", "Wire the money").getBytes(StandardCharsets.UTF_8);
        assertFalse(AgentSignatures.valid(AgentSignatures.SECRET, signed, altered), "a body changed in transit");
    }

    @Test
    void anAgentWhoseSecretCannotBeReadIsNotCalled() {
        HttpAgentRuntime noSecrets = new HttpAgentRuntime(vertx, JSON, Duration.ofSeconds(5), 1024, LOOPBACK_ALLOWED,
                InetAddress::getAllByName, agentId -> {
                    throw new IllegalStateException("registry down");
                }, TRACING);
        try {
            AgentFailure failure = assertThrows(AgentFailure.class, () -> noSecrets.invoke(call(agent("/ok", null))));

            assertTrue(failure.retryable());
            assertEquals("Agent http-agent was not called: its signing secret is unavailable", failure.getMessage());
            assertEquals(0, calls.get());
        } finally {
            noSecrets.close();
        }
    }

    @Test
    void serverErrorsAndTimeoutsAreRetryable() {
        assertTrue(assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/down", null)))).retryable());
        // An answer without a body may have ended before it is read: still the agent's status, not an outage.
        for (int i = 0; i < 20; i++) {
            AgentFailure empty = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/down-empty", null))));
            assertEquals("Agent http-agent answered HTTP 503", empty.getMessage());
            assertTrue(empty.retryable());
        }
        AgentFailure timeout = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/slow", 200L))));
        assertTrue(timeout.retryable());
        assertEquals("Agent http-agent did not answer within 200 ms", timeout.getMessage());
    }

    @Test
    void refusalsMalformedAndOversizedAnswersAreNotRetried() {
        assertFalse(assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/refuses", null)))).retryable());
        assertFalse(assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/no-output", null)))).retryable());
        AgentFailure huge = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/huge", null))));
        assertFalse(huge.retryable());
        assertEquals("Agent http-agent answered more than 1024 bytes", huge.getMessage());
    }

    @Test
    void theTimeLimitCoversTheBodyNotOnlyTheHeaders() {
        long started = System.nanoTime();
        AgentFailure slow = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/trickle", 300L))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals("Agent http-agent did not answer within 300 ms", slow.getMessage());
        assertTrue(slow.retryable());
        // The body would take 30 s; the step is failed at its limit (a generous bound for a busy machine).
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "failed after " + took);
        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "not before the limit: " + took);
    }

    @Test
    void anAgentOnANonPublicAddressIsNotCalledUnlessAllowListed() {
        HttpAgentRuntime strict = runtime(AddressPolicy.allowing(List.of()), InetAddress::getAllByName);
        try {
            AgentFailure refused = assertThrows(AgentFailure.class, () -> strict.invoke(call(agent("/ok", null))));

            assertFalse(refused.retryable(), "the operator must fix the endpoint or the allow-list");
            assertEquals("Agent http-agent may not be called: its endpoint's host 127.0.0.1 resolves to a loopback"
                    + " address, which may not be called", refused.getMessage());
            assertEquals(0, calls.get(), "nothing was sent");
        } finally {
            strict.close();
        }
    }

    @Test
    void aNameResolvingToAnInternalAddressIsRefusedWithoutShowingTheAddress() {
        HttpAgentRuntime strict = runtime(AddressPolicy.allowing(List.of()), host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254")});
        try {
            AgentFailure refused = assertThrows(AgentFailure.class, () -> strict.invoke(call(
                    agentAt("http://agents.example/run"))));

            assertEquals("Agent http-agent may not be called: its endpoint's host agents.example resolves to a"
                    + " link-local (cloud metadata) address, which may not be called", refused.getMessage());
        } finally {
            strict.close();
        }
    }

    @Test
    void numbersOutOfRangeFailTheStepInsteadOfItsThread() {
        AgentFailure confidence = assertThrows(AgentFailure.class,
                () -> runtime.invoke(call(agent("/infinite-confidence", null))));
        assertFalse(confidence.retryable());
        assertEquals("Agent http-agent answered a confidence that is not a finite number", confidence.getMessage());
        AgentFailure infinite = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/infinite-units", null))));
        assertEquals("Agent http-agent answered usage that is not a finite number", infinite.getMessage());
        AgentFailure tooLarge = assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/absurd-units", null))));
        assertEquals("Agent http-agent reported usage of 100000000000000 units or more", tooLarge.getMessage());
    }

    @Test
    void anUnreachableAgentIsRetryable() {
        SelectedAgent gone = agent("/ok", null);
        server.stop(0);
        assertTrue(assertThrows(AgentFailure.class, () -> runtime.invoke(call(gone))).retryable());
    }
}
