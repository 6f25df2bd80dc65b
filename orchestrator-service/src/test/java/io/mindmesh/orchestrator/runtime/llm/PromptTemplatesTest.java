package io.mindmesh.orchestrator.runtime.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.orchestrator.runtime.AgentCall;
import io.mindmesh.orchestrator.support.TestAgents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AgentCall call() throws Exception {
        Map<String, JsonNode> upstream = new LinkedHashMap<>();
        upstream.put("research-agent", JSON.readTree("{\"facts\": [\"fast\"]}"));
        upstream.put("title-agent", JSON.readTree("\"Meet DevAI\""));
        return new AgentCall("exec_1", "step_1", 1, TestAgents.llm("writer", "", 10, "1", null), "Write a post",
                JSON.readTree("{\"topic\": \"Dogs\", \"words\": 300}"), upstream, "Blog about Dogs");
    }

    @Test
    void fillsEveryPlaceholderFromTheStep() throws Exception {
        assertEquals("Q: Write a post | I: Blog about Dogs | T: Dogs, 300 words | R: {\"facts\":[\"fast\"]} | H: Meet DevAI",
                PromptTemplates.render("Q: {{query}} | I: {{ instructions }} | T: {{$launchVariables->topic}}, "
                        + "{{$launchVariables->words}} words | R: {{upstream->research-agent}} | H: {{upstream->title-agent}}",
                        call()));
        assertEquals("{\"topic\":\"Dogs\",\"words\":300}", PromptTemplates.render("{{context}}", call()));
    }

    @Test
    void missingValuesBecomeEmptyAndUnknownPlaceholdersStayAsWritten() throws Exception {
        assertEquals("[] [] {{price}}", PromptTemplates.render("[{{$launchVariables->tone}}] [{{upstream->nobody}}] {{price}}",
                call()));
    }

    @Test
    void insertedTextIsNeverSubstitutedAgain() throws Exception {
        AgentCall call = call();
        AgentCall sneaky = new AgentCall(call.executionId(), call.stepId(), 1, call.agent(), "{{instructions}}",
                call.context(), call.upstream(), "secret");
        assertEquals("{{instructions}} / secret", PromptTemplates.render("{{query}} / {{instructions}}", sneaky));
    }
}
