package io.mindmesh.orchestrator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.TestAgents;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatedRuntime runtime = new SimulatedRuntime(0.0);

    private static AgentCall call(SelectedAgent agent, String query, String context, Map<String, JsonNode> upstream,
            String executionId, String stepId, int attempt) throws Exception {
        return new AgentCall(executionId, stepId, attempt, agent, query, JSON.readTree(context), upstream, "");
    }

    @Test
    void theSameInputsAlwaysGiveTheSameAnswer() throws Exception {
        SelectedAgent agent = TestAgents.simulated("email-campaign-agent", "0.92", 10);
        AgentResult first = runtime.invoke(call(agent, "Launch campaign", "{\"b\": 1, \"a\": 2}", Map.of(), "exec_1", "step_1", 1));
        AgentResult again = runtime.invoke(call(agent, "Launch campaign", "{\"a\": 2, \"b\": 1}", Map.of(), "exec_2", "step_9", 2));

        assertEquals(first.output(), again.output(), "key order, execution, step and attempt do not change the answer");
        assertEquals(first.units(), again.units());
        assertEquals(new BigDecimal("0.92"), first.confidence());
        assertEquals("email-campaign-agent", first.output().get("agent").asText());
        assertEquals("[\"a\",\"b\"]", first.output().get("contextKeys").toString());
    }

    @Test
    void theAnswerDependsOnQueryContextAndUpstreamOutputs() throws Exception {
        SelectedAgent agent = TestAgents.simulated("writer", "0.9", 10);
        String base = digest(call(agent, "q", "{}", Map.of(), "e", "s", 1));
        assertNotEquals(base, digest(call(agent, "another query", "{}", Map.of(), "e", "s", 1)));
        assertNotEquals(base, digest(call(agent, "q", "{\"tone\": \"friendly\"}", Map.of(), "e", "s", 1)));
        Map<String, JsonNode> upstream = new LinkedHashMap<>();
        upstream.put("researcher", JSON.readTree("{\"facts\": [1, 2]}"));
        AgentResult downstream = runtime.answer(call(agent, "q", "{}", upstream, "e", "s", 1));
        assertNotEquals(base, downstream.output().get("digest").asText());
        assertTrue(downstream.output().get("upstream").has("researcher"));
    }

    @Test
    void aStepWithInstructionsShowsThemAndTheyChangeTheAnswer() throws Exception {
        SelectedAgent agent = TestAgents.simulated("writer", "0.9", 10);
        AgentCall plain = call(agent, "q", "{}", Map.of(), "e", "s", 1);
        AgentCall instructed = new AgentCall("e", "s", 1, agent, "q", JSON.readTree("{}"), Map.of(),
                "Write a blog post about Dogs");

        AgentResult answer = runtime.answer(instructed);
        assertEquals("Write a blog post about Dogs", answer.output().get("instructions").asText());
        assertNotEquals(digest(plain), answer.output().get("digest").asText());
        assertFalse(runtime.answer(plain).output().has("instructions"), "no instructions, no field");
    }

    @Test
    void failuresFollowTheFailureRateDeterministically() throws Exception {
        SelectedAgent never = TestAgents.agent("never", "x", List.of(), List.of(), 0, 0.0, "0.9");
        SelectedAgent always = TestAgents.agent("always", "x", List.of(), List.of(), 0, 1.0, "0.9");
        SelectedAgent half = TestAgents.agent("half", "x", List.of(), List.of(), 0, 0.5, "0.9");

        assertFalse(runtime.fails(call(never, "q", "{}", Map.of(), "exec_a", "step_a", 1)));
        AgentFailure failure = assertThrows(AgentFailure.class,
                () -> runtime.invoke(call(always, "q", "{}", Map.of(), "exec_a", "step_a", 1)));
        assertTrue(failure.retryable());
        long failed = IntStream.range(0, 1000).filter(i -> {
            try {
                return runtime.fails(call(half, "q", "{}", Map.of(), "exec_" + i, "step_" + i, 1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
        assertTrue(failed > 400 && failed < 600, "about half of 1000 draws fail: " + failed);
        AgentCall sameCall = call(half, "q", "{}", Map.of(), "exec_7", "step_7", 1);
        assertEquals(runtime.fails(sameCall), runtime.fails(sameCall));
    }

    @Test
    void usageStaysBetweenEightyAndOneHundredPercentSoTheStepNeverCostsMoreThanItsQuote() throws Exception {
        SelectedAgent agent = TestAgents.simulated("metered", "0.9", 0);
        for (int i = 0; i < 200; i++) {
            AgentResult result = runtime.answer(call(agent, "query " + i, "{}", Map.of(), "e", "s", 1));
            assertTrue(result.units().compareTo(new BigDecimal("80")) >= 0, result.units().toString());
            assertTrue(result.units().compareTo(new BigDecimal("100")) <= 0, result.units().toString());
            assertTrue(Pricing.agentCost(agent.pricing(), result.units())
                    .compareTo(Pricing.agentEstimate(agent.pricing())) <= 0);
        }
    }

    @Test
    void latencyIsTheAgentsLatencyScaled() {
        SelectedAgent agent = TestAgents.simulated("slow", "0.9", 2000);
        assertEquals(2000, new SimulatedRuntime(1.0).latencyMs(agent));
        assertEquals(500, new SimulatedRuntime(0.25).latencyMs(agent));
        assertEquals(0, new SimulatedRuntime(0.0).latencyMs(agent));
    }

    private String digest(AgentCall call) {
        return runtime.answer(call).output().get("digest").asText();
    }
}
