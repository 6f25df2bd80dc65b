package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Runs an agent that is an HTTP endpoint (the agent protocol, see the README):
 * {@code POST endpoint} with {@code {executionId, stepId, attempt, query, instructions, context, upstream}},
 * answered by {@code 200 {output, confidence, usage: {units}}}. Timeouts, connection failures and
 * 5xx are retryable; 4xx and malformed answers are not. Answers larger than the limit are refused.
 */
public class HttpAgentRuntime implements AgentRuntime {

    /** Units are stored as {@code numeric(20, 6)}: a step that used more cannot be recorded, so it fails. */
    static final BigDecimal MAX_UNITS = new BigDecimal("1e14");

    private final HttpClient client;
    private final ObjectMapper mapper;
    private final Duration defaultTimeout;
    private final int maxResponseBytes;

    public HttpAgentRuntime(ObjectMapper mapper, Duration defaultTimeout, int maxResponseBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = mapper;
        this.defaultTimeout = defaultTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException {
        SelectedAgent agent = call.agent();
        URI endpoint = endpoint(agent);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout(agent))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(call)))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new AgentFailure("Agent " + agent.name() + " did not answer within " + timeout(agent).toMillis()
                    + " ms", true);
        } catch (IOException e) {
            throw new AgentFailure("Agent " + agent.name() + " could not be reached: " + e.getMessage(), true);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            byte[] bytes = readLimited(body, agent);
            if (status >= 500) {
                throw new AgentFailure("Agent " + agent.name() + " answered HTTP " + status, true);
            }
            if (status < 200 || status >= 300) {
                throw new AgentFailure("Agent " + agent.name() + " refused the call with HTTP " + status, false);
            }
            return parse(agent, bytes);
        } catch (IOException e) {
            throw new AgentFailure("Agent " + agent.name() + " answer could not be read: " + e.getMessage(), true);
        }
    }

    private URI endpoint(SelectedAgent agent) throws AgentFailure {
        String endpoint = agent.runtime().endpoint();
        if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new AgentFailure("Agent " + agent.name() + " has no usable http endpoint", false);
        }
        try {
            return URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new AgentFailure("Agent " + agent.name() + " has an invalid endpoint", false);
        }
    }

    private Duration timeout(SelectedAgent agent) {
        Long millis = agent.runtime().timeoutMs();
        return millis != null && millis > 0 ? Duration.ofMillis(millis) : defaultTimeout;
    }

    private String requestBody(AgentCall call) {
        ObjectNode body = mapper.createObjectNode();
        body.put("executionId", call.executionId());
        body.put("stepId", call.stepId());
        body.put("attempt", call.attempt());
        body.put("query", call.query());
        body.put("instructions", call.instructions());
        body.set("context", call.context());
        ObjectNode upstream = body.putObject("upstream");
        call.upstream().forEach(upstream::set);
        return body.toString();
    }

    private byte[] readLimited(InputStream body, SelectedAgent agent) throws IOException, AgentFailure {
        byte[] bytes = body.readNBytes(maxResponseBytes + 1);
        if (bytes.length > maxResponseBytes) {
            throw new AgentFailure("Agent " + agent.name() + " answered more than " + maxResponseBytes + " bytes",
                    false);
        }
        return bytes;
    }

    private AgentResult parse(SelectedAgent agent, byte[] bytes) throws AgentFailure {
        JsonNode answer;
        try {
            answer = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new AgentFailure("Agent " + agent.name() + " answered with invalid JSON", false);
        }
        if (answer == null || !answer.isObject() || !answer.has("output") || answer.get("output").isNull()) {
            throw new AgentFailure("Agent " + agent.name() + " answered without an output", false);
        }
        JsonNode reported = answer.path("confidence");
        BigDecimal confidence = reported.isNumber() ? decimal(agent, "a confidence", reported) : agent.confidence();
        if (confidence.signum() < 0 || confidence.compareTo(BigDecimal.ONE) > 0) {
            throw new AgentFailure("Agent " + agent.name() + " answered a confidence outside [0, 1]", false);
        }
        JsonNode units = answer.path("usage").path("units");
        BigDecimal used = units.isNumber() ? decimal(agent, "usage", units) : agent.pricing().typicalUnits();
        if (used.signum() < 0) {
            throw new AgentFailure("Agent " + agent.name() + " reported negative usage", false);
        }
        if (used.compareTo(MAX_UNITS) >= 0) {
            throw new AgentFailure("Agent " + agent.name() + " reported usage of " + MAX_UNITS.toPlainString()
                    + " units or more", false);
        }
        return new AgentResult(answer.get("output"), confidence, used);
    }

    /**
     * A JSON number as a decimal. {@code 1e400} reads as an infinite double, which has no decimal:
     * it fails the step like any other malformed answer instead of the thread that runs it.
     */
    private static BigDecimal decimal(SelectedAgent agent, String what, JsonNode number) throws AgentFailure {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue()) && !number.isBigDecimal()) {
            throw new AgentFailure("Agent " + agent.name() + " answered " + what + " that is not a finite number", false);
        }
        return number.decimalValue();
    }
}
