package io.mindmesh.registry.selection;

import io.mindmesh.registry.agent.Agent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses agents for a request from the whole catalog. Rules, in order:
 * <ol>
 * <li>an agent is a candidate when it is active, in a requested vertical (if verticals are given)
 * and brings at least one required capability (if some are required);</li>
 * <li>a candidate qualifies when its {@link Confidence} is at least {@code minConfidence};</li>
 * <li>without required capabilities, the {@code maxAgents} best qualifying agents are chosen;</li>
 * <li>with required capabilities, the set is built greedily: each step adds the qualifying agent
 * that covers the most still-uncovered required capabilities (ties: higher confidence, then lower
 * id), until all are covered or {@code maxAgents} agents are chosen. If some stay uncovered,
 * nothing is chosen. Agents that add nothing new are not chosen.</li>
 * </ol>
 * Pure and deterministic: the same catalog, relevance and criteria give the same selection.
 */
public final class AgentSelector {

    private AgentSelector() {
    }

    public static Selection select(List<Agent> catalog, Map<String, Double> relevance, SelectionCriteria criteria) {
        List<Selection.Choice> qualified = new ArrayList<>();
        List<Selection.Rejection> rejected = new ArrayList<>();
        for (Agent agent : catalog) {
            double confidence = Confidence.of(relevance.getOrDefault(agent.id(), 0.0),
                    criteria.requiredCapabilities(), agent.capabilities());
            String problem = ineligibility(agent, confidence, criteria);
            if (problem == null) {
                qualified.add(new Selection.Choice(agent, confidence));
            } else {
                rejected.add(new Selection.Rejection(agent, confidence, problem));
            }
        }
        qualified.sort(Selection.BY_CONFIDENCE);
        List<Selection.Choice> selected = criteria.requiredCapabilities().isEmpty()
                ? best(qualified, criteria, rejected)
                : cover(qualified, criteria, rejected);
        selected.sort(Selection.BY_CONFIDENCE);
        rejected.sort(Selection.REJECTIONS_BY_CONFIDENCE);
        return new Selection(List.copyOf(selected), List.copyOf(rejected));
    }

    /** Why the agent cannot be chosen whatever the others are, or null when it qualifies. */
    private static String ineligibility(Agent agent, double confidence, SelectionCriteria criteria) {
        if (!agent.active()) {
            return "Agent is deprecated";
        }
        if (!criteria.verticals().isEmpty() && !criteria.verticals().contains(agent.vertical())) {
            return "Vertical " + agent.vertical() + " was not requested";
        }
        if (!criteria.requiredCapabilities().isEmpty()
                && !Confidence.bringsAny(criteria.requiredCapabilities(), agent.capabilities())) {
            return "Capability not needed: provides none of the required capabilities";
        }
        if (confidence < criteria.minConfidence()) {
            return "Confidence " + plain(confidence) + " is below minConfidence " + plain(criteria.minConfidence());
        }
        return null;
    }

    private static List<Selection.Choice> best(List<Selection.Choice> qualified, SelectionCriteria criteria,
            List<Selection.Rejection> rejected) {
        List<Selection.Choice> selected = new ArrayList<>();
        for (Selection.Choice choice : qualified) {
            if (selected.size() < criteria.maxAgents()) {
                selected.add(choice);
            } else {
                rejected.add(rejection(choice, "maxAgents " + criteria.maxAgents() + " reached"));
            }
        }
        return selected;
    }

    private static List<Selection.Choice> cover(List<Selection.Choice> qualified, SelectionCriteria criteria,
            List<Selection.Rejection> rejected) {
        Set<String> uncovered = new TreeSet<>(criteria.requiredCapabilities());
        List<Selection.Choice> remaining = new ArrayList<>(qualified);
        List<Selection.Choice> selected = new ArrayList<>();
        while (!uncovered.isEmpty() && selected.size() < criteria.maxAgents()) {
            Selection.Choice next = mostNewCapabilities(remaining, uncovered);
            if (next == null) {
                break;
            }
            selected.add(next);
            remaining.remove(next);
            uncovered.removeAll(next.agent().capabilities());
        }
        if (!uncovered.isEmpty()) {
            String reason = selected.size() == criteria.maxAgents()
                    ? "Required capabilities " + uncovered + " cannot be covered within maxAgents " + criteria.maxAgents()
                    : "No qualifying agent provides required capabilities " + uncovered;
            qualified.forEach(choice -> rejected.add(rejection(choice, reason)));
            return new ArrayList<>();
        }
        remaining.forEach(choice -> rejected.add(rejection(choice,
                "Capability not needed: its required capabilities are already covered by the selected agents")));
        return selected;
    }

    /** The first (so the most confident) agent covering the most uncovered capabilities, or null if none covers any. */
    private static Selection.Choice mostNewCapabilities(List<Selection.Choice> ranked, Set<String> uncovered) {
        Selection.Choice best = null;
        long bestGain = 0;
        for (Selection.Choice choice : ranked) {
            long gain = choice.agent().capabilities().stream().filter(uncovered::contains).count();
            if (gain > bestGain) {
                best = choice;
                bestGain = gain;
            }
        }
        return best;
    }

    private static Selection.Rejection rejection(Selection.Choice choice, String reason) {
        return new Selection.Rejection(choice.agent(), choice.confidence(), reason);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
