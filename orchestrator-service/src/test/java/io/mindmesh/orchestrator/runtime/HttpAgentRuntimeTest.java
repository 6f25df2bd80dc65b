package io.mindmesh.orchestrator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mindmesh.orchestrator.registry.AgentPricing;
import io.mindmesh.orchestrator.registry.AgentRuntimeSpec;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http runtime against a real HTTP agent started by the test. */
class HttpAgentRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final HttpAgentRuntime runtime = new HttpAgentRuntime(JSON, Duration.ofSeconds(5), 1024);

    @BeforeEach
    void startAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 200, "{\"output\": {\"subject\": \"Launch\"}, \"confidence\": 0.81, \"usage\": {\"units\": 640}}");
        });
        server.createContext("/down", exchange -> respond(exchange, 503, "{}"));
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
        server.start();
    }

    @AfterEach
    void stopAgent() {
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private SelectedAgent agent(String path, Long timeoutMs) {
        return new SelectedAgent("agent_http", "http-agent", "HTTP agent", "marketing", List.of(), "", List.of(),
                List.of(), new AgentPricing(new BigDecimal("0.10"), new BigDecimal("0.001"), "tokens",
                        new BigDecimal("800")), null,
                new AgentRuntimeSpec("http", "http://127.0.0.1:" + server.getAddress().getPort() + path, timeoutMs, null,
                        null), 100L, 1, new BigDecimal("0.9"));
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
    void serverErrorsAndTimeoutsAreRetryable() {
        assertTrue(assertThrows(AgentFailure.class, () -> runtime.invoke(call(agent("/down", null)))).retryable());
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
