package io.mindmesh.registry.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.WorkflowRules;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo catalog files themselves: what the seed examples, the simulator and the workflows rely on. */
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

        assertEquals(List.of("product-launch", "quarterly-report"), workflows.stream().map(WorkflowDefinition::slug).toList());
        workflows.forEach(workflow -> WorkflowRules.check(workflow, statuses));
    }

    @Test
    void productLaunchRunsMarketingAgentsAndQuarterlyReportFinanceAgents() throws IOException {
        Map<String, List<String>> verticals = readWorkflows().stream().collect(Collectors.toMap(WorkflowDefinition::slug,
                workflow -> workflow.steps().stream().map(step -> byId.get(step.agentId()).vertical()).distinct().toList()));

        assertEquals(List.of("marketing", "analytics"), verticals.get("product-launch"));
        assertEquals(List.of("finance"), verticals.get("quarterly-report"));
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

    private static List<Agent> read() {
        try (InputStream in = DemoCatalogTest.class.getResourceAsStream("/catalog/demo-agents.json")) {
            return JSON.readValue(in, DemoCatalogLoader.DemoAgents.class).agents();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
