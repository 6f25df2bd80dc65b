package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.money.Money;
import io.mindmesh.orchestrator.json.CanonicalJson;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The built-in agent: deterministic, so that sandbox runs and tests are reproducible.
 * <ul>
 * <li>output: a JSON object derived from the agent, the query, the instructions, the context and the
 * upstream outputs through a SHA-256 digest; the same inputs always give the same output. A step with
 * instructions shows them in {@code instructions}, so a run visibly reflects its launch variables;</li>
 * <li>latency: the agent's runtime {@code latencyMs} (else its {@code typicalLatencyMs}) × the scale;</li>
 * <li>failure: with probability {@code failureRate}, drawn from the execution id, step id and attempt;</li>
 * <li>usage: between 80% and 100% of {@code typicalUnits}, so the step never costs more than its quote;</li>
 * <li>confidence: the agent's selection confidence.</li>
 * </ul>
 */
public class SimulatedRuntime implements AgentRuntime {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int SUMMARY_QUERY_CHARS = 200;

    private final double latencyScale;

    public SimulatedRuntime(double latencyScale) {
        this.latencyScale = latencyScale;
    }

    @Override
    public AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException {
        Thread.sleep(latencyMs(call.agent()));
        if (fails(call)) {
            throw new AgentFailure("Simulated failure of agent " + call.agent().name() + " (attempt " + call.attempt()
                    + ")", true);
        }
        return answer(call);
    }

    public long latencyMs(SelectedAgent agent) {
        return Math.round(agent.latencyMs() * latencyScale);
    }

    /** The failure draw: uniform in [0, 1) from the execution, the step and the attempt. */
    public boolean fails(AgentCall call) {
        Double rate = call.agent().runtime().failureRate();
        if (rate == null || rate <= 0) {
            return false;
        }
        return uniform(call.executionId() + "|" + call.stepId() + "|" + call.attempt()) < rate;
    }

    /** The successful answer; it does not depend on the attempt, only on what the agent was given. */
    public AgentResult answer(AgentCall call) {
        SelectedAgent agent = call.agent();
        String digest = digest(call);
        ObjectNode output = JSON.objectNode();
        output.put("agent", agent.name());
        output.put("vertical", agent.vertical());
        output.put("summary", (agent.displayName() != null ? agent.displayName() : agent.name()) + " completed: "
                + abbreviate(call.query()));
        if (!call.instructions().isEmpty()) {
            output.put("instructions", call.instructions());
        }
        output.set("capabilities", strings(agent.capabilities()));
        output.set("contextKeys", strings(contextKeys(call.context())));
        ObjectNode upstream = output.putObject("upstream");
        call.upstream().forEach((name, value) -> upstream.put(name, hex(sha256(CanonicalJson.of(value))).substring(0, 16)));
        output.set("produces", strings(agent.produces()));
        output.put("digest", digest);
        return new AgentResult(output, agent.confidence(), units(agent, digest));
    }

    /** Between 80% and 100% of the typical units, in steps of 1%, chosen by the output digest. */
    static BigDecimal units(SelectedAgent agent, String digest) {
        int percent = 80 + Integer.parseInt(digest.substring(0, 4), 16) % 21;
        return Money.of(agent.pricing().typicalUnits().multiply(BigDecimal.valueOf(percent, 2)));
    }

    private static String digest(AgentCall call) {
        // Instructions enter the digest only when there are some, so orchestrations keep their outputs.
        String material = call.agent().id() + "\n" + call.agent().name() + "\n" + call.query() + "\n"
                + (call.instructions().isEmpty() ? "" : call.instructions() + "\n")
                + CanonicalJson.of(call.context()) + upstreamForm(call);
        return hex(sha256(material)).substring(0, 16);
    }

    private static String upstreamForm(AgentCall call) {
        StringBuilder form = new StringBuilder();
        call.upstream().forEach((name, value) -> form.append('\n').append(name).append('=').append(CanonicalJson.of(value)));
        return form.toString();
    }

    private static List<String> contextKeys(JsonNode context) {
        List<String> keys = new ArrayList<>();
        if (context != null && context.isObject()) {
            context.fieldNames().forEachRemaining(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    private static JsonNode strings(List<String> values) {
        var array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static String abbreviate(String query) {
        return query.length() <= SUMMARY_QUERY_CHARS ? query : query.substring(0, SUMMARY_QUERY_CHARS) + "…";
    }

    private static double uniform(String material) {
        byte[] hash = sha256(material);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        return (double) bits / (1L << 56);
    }

    private static byte[] sha256(String material) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
