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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real agent on a local port, speaking the {@code http} agent protocol of the orchestrator's
 * README: it receives {@code {executionId, stepId, attempt, query, context, upstream}} and answers
 * {@code {output, confidence, usage: {units}}}. It takes as long as the request's
 * {@code context.delaysMs.<its name>} says (no delay when absent), so one set of registered agents
 * serves tests that need fast, slow or blocking agents; {@code context.failWith.<its name>} makes
 * it answer that HTTP status instead, at once, for the tests of failing agents. It records what it received and which
 * steps it answered. Like a careful agent, it first checks that each call comes from the platform:
 * the HMAC-SHA256 of the raw body under the signing secret its registration returned must be the
 * {@code X-Mindmesh-Signature}, and the signed {@code timestamp} recent; other calls get 401 and
 * are counted in {@link #refused()}.
 */
final class AgentServer implements AutoCloseable {

    /** What every step is priced at: basePrice + variablePrice × the units the agent reports. */
    static final BigDecimal STEP_COST = new BigDecimal("0.16");

    private static final int UNITS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

    private final String name;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String signingSecret;
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
        return register(name, vertical, List.of(), List.of());
    }

    /**
     * The same for an agent that consumes and produces the named things: in DAG mode an agent
     * waits for the agents that produce what it consumes.
     */
    static AgentServer register(String name, String vertical, List<String> consumes, List<String> produces) {
        AgentServer agent = new AgentServer(name);
        agent.signingSecret = Api.operator().body(agent.definition(vertical, consumes, produces))
                .post("/v1/admin/agents").then().statusCode(201).extract().path("signingSecret");
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

    /** Calls refused because their signature did not verify. */
    int refused() {
        return refused.get();
    }

    /** Where the agent listens: what only operators and the orchestrator are to know. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
    }

    /** Every answer sent, in order. */
    List<Answer> answered() {
        return answered;
    }

    /**
     * The operator's definition: words no demo agent uses (tundra, permafrost), so that the seed
     * examples' selections do not move, and pricing that makes a step cost {@link #STEP_COST}.
     */
    private Map<String, Object> definition(String vertical, List<String> consumes, List<String> produces) {
        return Map.ofEntries(Map.entry("name", name), Map.entry("displayName", "System test agent " + name),
                Map.entry("vertical", vertical), Map.entry("capabilities", List.of("permafrost_probe")),
                Map.entry("description", "Probes tundra permafrost samples and reports the thaw depth it measured."),
                Map.entry("consumes", consumes), Map.entry("produces", produces),
                Map.entry("pricing", Map.of("basePrice", new BigDecimal("0.10"),
                        "variablePrice", new BigDecimal("0.02"), "unit", "probe", "typicalUnits", 5)),
                Map.entry("runtime", Map.of("type", "http", "endpoint", endpoint(), "timeoutMs", 30000)),
                Map.entry("typicalLatencyMs", 200));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!signed(exchange, raw)) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = JSON.readTree(raw);
            received.add(new Request(request, Instant.now()));
            JsonNode failure = request.path("context").path("failWith").path(name);
            if (failure.canConvertToInt()) {
                exchange.sendResponseHeaders(failure.asInt(), -1);
                return;
            }
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

    private boolean signed(HttpExchange exchange, byte[] body) {
        String signature = exchange.getRequestHeaders().getFirst("X-Mindmesh-Signature");
        String timestamp = exchange.getRequestHeaders().getFirst("X-Mindmesh-Timestamp");
        if (signature == null || timestamp == null || signingSecret == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            String signedAt = JSON.readTree(body).path("timestamp").asText();
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII))
                    && signedAt.equals(timestamp)
                    && Duration.between(Instant.parse(signedAt), Instant.now()).abs().compareTo(SIGNATURE_TOLERANCE) < 0;
        } catch (GeneralSecurityException | IOException | DateTimeParseException e) {
            return false;
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
