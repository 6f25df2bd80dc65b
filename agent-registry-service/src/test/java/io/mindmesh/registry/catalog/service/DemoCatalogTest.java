package io.mindmesh.registry.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.app.AppDefinition;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.WorkflowRules;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo catalog files themselves: what the seed examples, the simulator, the workflows and the apps rely on. */
class DemoCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<Agent> agents = read();
    private final Map<String, Agent> byId = agents.stream().collect(Collectors.toMap(Agent::id, Function.identity()));

    @Test
    void idsAndNamesAreUnique() {
        assertEquals(agents.size(), byId.size());
        assertEquals(agents.size(), agents.stream().map(Agent::name).distinct().count());
    }

    @Test
    void coversEveryVerticalAndCapabilityOfSeed001() {
        List<String> verticals = agents.stream().map(Agent::vertical).distinct().toList();
        List<String> capabilities = agents.stream().filter(Agent::active).flatMap(a -> a.capabilities().stream()).toList();

        assertTrue(verticals.containsAll(List.of("marketing", "analytics", "cross-border", "supply-chain", "finance")),
                verticals.toString());
        assertTrue(capabilities.containsAll(List.of("email_generation", "a_b_testing", "multi_currency_conversion",
                "compliance_check", "payment_routing", "demand_forecasting", "inventory_optimization",
                "shipment_tracking")), capabilities.toString());
    }

    @Test
    void pricesTheSeedsMarketingAgentsAsSeed001Shows() {
        assertEquals(new BigDecimal("0.500000"), byId.get("agent_email_campaign").pricing().estimatedCost());
        assertEquals("email-campaign-agent", byId.get("agent_email_campaign").name());
        assertEquals(new BigDecimal("0.250000"), byId.get("agent_social_media").pricing().estimatedCost());
        assertEquals("social-media-agent", byId.get("agent_social_media").name());
    }

    @Test
    void everyAgentIsSimulatedWithARealisticLatencyAndDescribesItsData() {
        for (Agent agent : agents) {
            assertEquals("simulated", agent.runtime().type(), agent.id());
            assertTrue(agent.typicalLatencyMs() >= 300 && agent.typicalLatencyMs() <= 2500, agent.id());
            assertTrue(agent.runtime().latencyMs() >= 300 && agent.runtime().latencyMs() <= 2500, agent.id());
            assertTrue(agent.runtime().failureRate() >= 0 && agent.runtime().failureRate() < 0.1, agent.id());
            assertFalse(agent.description().isBlank(), agent.id());
            assertFalse(agent.consumes().isEmpty(), agent.id());
            assertFalse(agent.produces().isEmpty(), agent.id());
        }
    }

    @Test
    void theSupplyChainAgentsFormADagEdge() {
        Agent planner = byId.get("agent_demand_planner");
        Agent logistics = byId.get("agent_logistics_coordinator");

        assertTrue(planner.produces().contains("inventory_plan"));
        assertTrue(logistics.consumes().contains("inventory_plan"));
        assertFalse(planner.consumes().stream().anyMatch(logistics.produces()::contains), "no cycle back");
    }

    @Test
    void theDemoWorkflowsFollowEveryRuleOverTheDemoAgents() throws IOException {
        Map<String, String> statuses = agents.stream().collect(Collectors.toMap(Agent::id, Agent::status));
        List<WorkflowDefinition> workflows = readWorkflows();

        assertEquals(List.of("product-launch", "quarterly-report", "blog-post", "seo-article"),
                workflows.stream().map(WorkflowDefinition::slug).toList());
        workflows.forEach(workflow -> WorkflowRules.check(workflow, statuses));
    }

    @Test
    void productLaunchRunsMarketingAgentsAndQuarterlyReportFinanceAgents() throws IOException {
        Map<String, List<String>> verticals = readWorkflows().stream().collect(Collectors.toMap(WorkflowDefinition::slug,
                workflow -> workflow.steps().stream().map(step -> byId.get(step.agentId()).vertical()).distinct().toList()));

        assertEquals(List.of("marketing", "analytics"), verticals.get("product-launch"));
        assertEquals(List.of("finance"), verticals.get("quarterly-report"));
    }

    @Test
    void theDemoAppHasAFixedIdAndBundlesDemoWorkflowsWithTheBlogPostAsDefault() throws IOException {
        Set<String> workflowSlugs = readWorkflows().stream().map(WorkflowDefinition::slug).collect(Collectors.toSet());
        List<AppDefinition> apps = readApps();

        assertEquals(1, apps.size());
        AppDefinition studio = apps.get(0);
        assertEquals("5f0c3a52-6d1e-4c8f-9b7a-2e4d8c1b7a10", studio.id());
        assertEquals(List.of("blog-post", "seo-article"), studio.workflows());
        assertEquals("blog-post", studio.defaultWorkflow());
        studio.check(workflowSlugs);
    }

    @Test
    void theBlogPostWorkflowIsSeed004sExampleAndTheSeoArticleRunsWithATaskAlone() throws IOException {
        Map<String, WorkflowDefinition> bySlug = readWorkflows().stream()
                .collect(Collectors.toMap(WorkflowDefinition::slug, Function.identity()));

        WorkflowDefinition blogPost = bySlug.get("blog-post");
        assertEquals("Assistant will write a blog post about the following topic: {{$launchVariables->topic}}",
                blogPost.steps().get(0).instructions());
        assertEquals("content_writing", byId.get(blogPost.steps().get(0).agentId()).capabilities().get(0));
        assertTrue(blogPost.launchVariables().get(0).required());
        assertEquals("blogPost", blogPost.outputVariables().get(0).name());
        assertTrue(bySlug.get("seo-article").launchVariables().stream().noneMatch(WorkflowDefinition.LaunchVariable::required));
    }

    private static List<WorkflowDefinition> readWorkflows() throws IOException {
        try (InputStream in = DemoCatalogTest.class.getResourceAsStream("/catalog/demo-workflows.json")) {
            List<JsonNode> workflows = JSON.readValue(in, DemoCatalogLoader.DemoWorkflows.class).workflows();
            List<WorkflowDefinition> definitions = new ArrayList<>();
            for (JsonNode workflow : workflows) {
                definitions.add(JSON.treeToValue(workflow, WorkflowDefinition.class));
            }
            return definitions;
        }
    }

    private static List<AppDefinition> readApps() throws IOException {
        try (InputStream in = DemoCatalogTest.class.getResourceAsStream("/catalog/demo-apps.json")) {
            List<AppDefinition> apps = new ArrayList<>();
            for (JsonNode app : JSON.readValue(in, DemoCatalogLoader.DemoApps.class).apps()) {
                apps.add(JSON.treeToValue(app, AppDefinition.class));
            }
            return apps;
        }
    }

    private static List<Agent> read() {
        try (InputStream in = DemoCatalogTest.class.getResourceAsStream("/catalog/demo-agents.json")) {
            return JSON.readValue(in, DemoCatalogLoader.DemoAgents.class).agents();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
