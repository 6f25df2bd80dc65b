package io.mindmesh.registry.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentDefinition;
import io.mindmesh.registry.app.AppDefinition;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.WorkflowRules;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The LLM versions of the demo catalog (loaded only with registry.demo-catalog.llm-enabled). */
class LlmDemoCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyLlmAgentIsAValidDefinitionOfProviderOpenai() throws IOException {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        List<Agent> agents = JSON.readValue(resource("agents"), DemoCatalogLoader.DemoAgents.class).agents();

        assertEquals(List.of("agent_seo_content_llm", "agent_email_campaign_llm"), agents.stream().map(Agent::id).toList());
        for (Agent agent : agents) {
            AgentDefinition definition = AgentDefinition.of(agent);
            assertEquals(Set.of(), validator.validate(definition), agent.id());
            definition.checkConsistency();
            assertEquals("llm", agent.runtime().type());
            assertEquals("openai", agent.runtime().llm().provider());
        }
    }

    @Test
    void theLlmAppRunsTheBlogPostWithTheLlmAgent() throws IOException {
        List<Agent> agents = JSON.readValue(resource("agents"), DemoCatalogLoader.DemoAgents.class).agents();
        Map<String, String> statuses = agents.stream().collect(Collectors.toMap(Agent::id, Agent::status));
        List<WorkflowDefinition> workflows = JSON.readerForListOf(WorkflowDefinition.class)
                .readValue(JSON.readTree(resource("workflows")).get("workflows"));
        List<AppDefinition> apps = JSON.readerForListOf(AppDefinition.class)
                .readValue(JSON.readTree(resource("apps")).get("apps"));

        assertEquals(1, workflows.size());
        WorkflowDefinition blogPost = workflows.getFirst();
        WorkflowRules.check(blogPost, statuses);
        assertEquals("agent_seo_content_llm", blogPost.steps().getFirst().agentId());
        assertTrue(blogPost.steps().getFirst().instructions().contains("{{$launchVariables->topic}}"));
        AppDefinition app = apps.getFirst();
        assertEquals("5f0c3a52-6d1e-4c8f-9b7a-2e4d8c1b7a11", app.id());
        app.check(Set.of(blogPost.slug()));
    }

    private static InputStream resource(String kind) {
        return LlmDemoCatalogTest.class.getResourceAsStream("/catalog/llm/demo-" + kind + ".json");
    }
}
