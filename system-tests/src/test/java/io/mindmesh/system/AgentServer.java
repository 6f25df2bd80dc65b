package io.mindmesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real agent on a local port, speaking the {@code http} agent protocol of the orchestrator's
 * README: it receives {@code {executionId, stepId, attempt, query, context, upstream}} and answers
 * {@code {output, confidence, usage: {units}}}. It takes as long as the request's
 * {@code context.delaysMs.<its name>} says (no delay when absent), so one set of registered agents
 * serves tests that need fast, slow or blocking agents. It records what it received and which
 * steps it answered.
 */
final class AgentServer implements AutoCloseable {

    /** What every step is priced at: basePrice + variablePrice × the units the agent reports. */
    static final BigDecimal STEP_COST = new BigDecimal("0.16");

    private static final int UNITS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final List<Answer> answered = new CopyOnWriteArrayList<>();

    private AgentServer(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(handlers);
        server.start();
    }

    /** Starts an agent and registers it through the gateway's operator API in the given vertical. */
    static AgentServer register(String name, String vertical) {
        AgentServer agent = new AgentServer(name);
        Api.operator().body(agent.definition(vertical)).post("/v1/admin/agents").then().statusCode(201);
        return agent;
    }

    static String outputOf(String agentName, String stepId) {
        return agentName + " answered " + stepId;
    }

    String name() {
        return name;
    }

    /** The requests of one execution, in arrival order. */
    List<Request> received(String executionId) {
        return received.stream().filter(r -> executionId.equals(r.body().path("executionId").asText())).toList();
    }

    /** Every answer sent, in order. */
    List<Answer> answered() {
        return answered;
    }

    /**
     * The operator's definition: words no demo agent uses (tundra, permafrost), so that the seed
     * examples' selections do not move, and pricing that makes a step cost {@link #STEP_COST}.
     */
    private Map<String, Object> definition(String vertical) {
        return Map.of("name", name, "displayName", "System test agent " + name, "vertical", vertical,
                "capabilities", List.of("permafrost_probe"),
                "description", "Probes tundra permafrost samples and reports the thaw depth it measured.",
                "pricing", Map.of("basePrice", new BigDecimal("0.10"), "variablePrice", new BigDecimal("0.02"),
                        "unit", "probe", "typicalUnits", 5),
                "runtime", Map.of("type", "http", "endpoint", "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/invoke", "timeoutMs", 30000),
                "typicalLatencyMs", 200);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            received.add(new Request(request, Instant.now()));
            JsonNode delay = request.path("context").path("delaysMs").path(name);
            if (delay.canConvertToLong()) {
                try {
                    Thread.sleep(Duration.ofMillis(delay.asLong()));
                } catch (InterruptedException e) {
                    // The test is over and the server closes: leave without an answer.
                    return;
                }
            }
            String stepId = request.path("stepId").asText();
            byte[] body = JSON.writeValueAsBytes(Map.of("output", outputOf(name, stepId), "confidence", 0.9,
                    "usage", Map.of("units", UNITS)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.add(new Answer(request.path("executionId").asText(), stepId, Instant.now()));
        }
    }

    record Request(JsonNode body, Instant at) {
    }

    record Answer(String executionId, String stepId, Instant at) {
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
