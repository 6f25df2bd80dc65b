package io.mindmesh.registry.selection;

import static io.mindmesh.registry.selection.TestAgents.agent;
import static io.mindmesh.registry.selection.TestAgents.deprecated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.registry.agent.Agent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AgentSelectorTest {

    private static final Agent PLANNER = agent("agent_planner", "supply-chain", "", "demand_forecasting", "inventory_optimization");
    private static final Agent FORECASTER = agent("agent_forecaster", "supply-chain", "", "demand_forecasting");
    private static final Agent TRACKER = agent("agent_tracker", "supply-chain", "", "shipment_tracking");
    private static final Agent RISK = agent("agent_risk", "supply-chain", "", "supplier_risk_assessment");
    private static final Agent WRITER = agent("agent_writer", "marketing", "", "content_writing");
    private static final Agent LEGACY = deprecated("agent_legacy", "supply-chain", "shipment_tracking");
    private static final List<Agent> CATALOG = List.of(PLANNER, FORECASTER, TRACKER, RISK, WRITER, LEGACY);

    @Test
    void withoutRequiredCapabilitiesTheMostConfidentQualifyingAgentsAreChosen() {
        Map<String, Double> relevance = Map.of("agent_planner", 0.8, "agent_forecaster", 0.9, "agent_tracker", 0.8,
                "agent_risk", 0.75, "agent_writer", 0.2);

        Selection selection = AgentSelector.select(CATALOG, relevance, criteria(Set.of(), Set.of(), 2, 0.7));

        assertEquals(List.of("agent_forecaster", "agent_planner"), ids(selection.selected()));
        assertEquals(List.of(0.9, 0.8), selection.selected().stream().map(Selection.Choice::confidence).toList());
        assertEquals("maxAgents 2 reached", reason(selection, "agent_tracker"));
        assertEquals("maxAgents 2 reached", reason(selection, "agent_risk"));
        assertEquals("Confidence 0.2 is below minConfidence 0.7", reason(selection, "agent_writer"));
        assertEquals("Agent is deprecated", reason(selection, "agent_legacy"));
    }

    @Test
    void tiesInConfidenceAreBrokenByIdSoTheAnswerNeverDependsOnCatalogOrder() {
        Map<String, Double> relevance = Map.of("agent_planner", 0.8, "agent_forecaster", 0.8, "agent_tracker", 0.8);
        SelectionCriteria criteria = criteria(Set.of(), Set.of(), 2, 0.7);
        Selection expected = AgentSelector.select(CATALOG, relevance, criteria);

        List<Agent> shuffled = new ArrayList<>(CATALOG);
        Collections.shuffle(shuffled, new Random(7));

        assertEquals(List.of("agent_forecaster", "agent_planner"), ids(expected.selected()));
        assertEquals(expected, AgentSelector.select(shuffled, relevance, criteria));
    }

    @Test
    void requiredCapabilitiesAreCoveredTogetherPreferringAgentsThatCoverMore() {
        // The forecaster is more confident, but the planner covers two of the three capabilities.
        Map<String, Double> relevance = Map.of("agent_planner", 0.5, "agent_forecaster", 0.9, "agent_tracker", 0.5);

        Selection selection = AgentSelector.select(CATALOG, relevance, criteria(Set.of("supply-chain"),
                Set.of("demand_forecasting", "inventory_optimization", "shipment_tracking"), 2, 0.7));

        assertEquals(List.of("agent_planner", "agent_tracker"), ids(selection.selected()));
        assertEquals(List.of(0.75, 0.75), selection.selected().stream().map(Selection.Choice::confidence).toList());
        assertEquals("Capability not needed: its required capabilities are already covered by the selected agents",
                reason(selection, "agent_forecaster"));
        assertEquals("Capability not needed: provides none of the required capabilities", reason(selection, "agent_risk"));
        assertEquals("Vertical marketing was not requested", reason(selection, "agent_writer"));
    }

    @Test
    void aSetThatCannotCoverTheRequiredCapabilitiesWithinMaxAgentsSelectsNothing() {
        Map<String, Double> relevance = Map.of("agent_forecaster", 0.9, "agent_tracker", 0.9);

        Selection selection = AgentSelector.select(List.of(FORECASTER, TRACKER), relevance,
                criteria(Set.of(), Set.of("demand_forecasting", "shipment_tracking"), 1, 0.7));

        assertEquals(List.of(), selection.selected());
        assertEquals("Required capabilities [shipment_tracking] cannot be covered within maxAgents 1",
                reason(selection, "agent_forecaster"));
        assertEquals("Required capabilities [shipment_tracking] cannot be covered within maxAgents 1",
                reason(selection, "agent_tracker"));
    }

    @Test
    void aCapabilityNoQualifyingAgentProvidesSelectsNothing() {
        Map<String, Double> relevance = Map.of("agent_planner", 0.9, "agent_tracker", 0.1);

        Selection selection = AgentSelector.select(CATALOG, relevance,
                criteria(Set.of(), Set.of("demand_forecasting", "shipment_tracking"), 5, 0.7));

        assertEquals(List.of(), selection.selected());
        assertEquals("No qualifying agent provides required capabilities [shipment_tracking]",
                reason(selection, "agent_planner"));
        assertEquals("Confidence 0.55 is below minConfidence 0.7", reason(selection, "agent_tracker"));
    }

    @Test
    void everyAgentOfTheCatalogIsEitherSelectedOrRejectedExactlyOnce() {
        Map<String, Double> relevance = Map.of("agent_planner", 0.9, "agent_tracker", 0.9, "agent_risk", 0.9);

        Selection selection = AgentSelector.select(CATALOG, relevance,
                criteria(Set.of("supply-chain"), Set.of("shipment_tracking"), 3, 0.7));

        List<String> all = Stream.concat(ids(selection.selected()).stream(),
                selection.rejected().stream().map(rejection -> rejection.agent().id())).sorted().toList();
        assertEquals(CATALOG.stream().map(Agent::id).sorted().toList(), all);
        assertEquals(List.of("agent_tracker"), ids(selection.selected()));
    }

    @Test
    void rejectionsAreOrderedByConfidenceThenId() {
        Map<String, Double> relevance = Map.of("agent_planner", 0.3, "agent_forecaster", 0.6, "agent_tracker", 0.3);

        Selection selection = AgentSelector.select(CATALOG, relevance, criteria(Set.of(), Set.of(), 5, 0.7));

        assertEquals(List.of("agent_forecaster", "agent_planner", "agent_tracker", "agent_legacy", "agent_risk",
                "agent_writer"), selection.rejected().stream().map(rejection -> rejection.agent().id()).toList());
    }

    private static SelectionCriteria criteria(Set<String> verticals, Set<String> capabilities, int maxAgents,
            double minConfidence) {
        return new SelectionCriteria("unused by the selector", verticals, capabilities, maxAgents, minConfidence);
    }

    private static List<String> ids(List<Selection.Choice> choices) {
        return choices.stream().map(choice -> choice.agent().id()).toList();
    }

    private static String reason(Selection selection, String id) {
        return selection.rejected().stream().filter(rejection -> rejection.agent().id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError(id + " was not rejected")).reason();
    }
}
