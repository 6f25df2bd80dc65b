package io.mindmesh.orchestrator.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.json.CanonicalJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the outputs of an execution's completed steps into its result (README: "Aggregation").
 * <ul>
 * <li>{@code merge}: {@code {agentName: output, ...}} in plan order;</li>
 * <li>{@code best}: {@code {agent, confidence, output}} of the most confident agent (earlier in the plan on a tie);</li>
 * <li>{@code vote}: outputs are grouped by their normalised form (keys sorted, strings trimmed,
 * lower-cased, spaces collapsed); the largest group wins, a tie goes to the group with the most
 * confident member; {@code {output, votes, of, agents, confidence}};</li>
 * <li>{@code custom}: field-wise best: each top-level field of the object outputs comes from the most
 * confident agent that produced it, a non-object output counts as the field named after its agent;
 * {@code {output, sources}} where {@code sources} names the agent behind each field.</li>
 * </ul>
 */
public final class Aggregator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Most confident first, plan order among equals. */
    private static final Comparator<AgentOutput> MOST_CONFIDENT = Comparator
            .comparing(AgentOutput::confidence, Comparator.reverseOrder())
            .thenComparingInt(AgentOutput::position);

    private Aggregator() {
    }

    /** The result, or null when no step completed. */
    public static JsonNode aggregate(AggregationStrategy strategy, List<AgentOutput> outputs) {
        if (outputs.isEmpty()) {
            return null;
        }
        List<AgentOutput> inPlanOrder = outputs.stream().sorted(Comparator.comparingInt(AgentOutput::position)).toList();
        return switch (strategy) {
            case MERGE -> merge(inPlanOrder);
            case BEST -> best(inPlanOrder);
            case VOTE -> vote(inPlanOrder);
            case CUSTOM -> fieldWiseBest(inPlanOrder);
        };
    }

    static ObjectNode merge(List<AgentOutput> outputs) {
        ObjectNode result = JSON.objectNode();
        outputs.forEach(o -> result.set(o.agentName(), o.output()));
        return result;
    }

    static ObjectNode best(List<AgentOutput> outputs) {
        AgentOutput best = outputs.stream().min(MOST_CONFIDENT).orElseThrow();
        ObjectNode result = JSON.objectNode();
        result.put("agent", best.agentName());
        result.put("confidence", best.confidence());
        result.set("output", best.output());
        return result;
    }

    static ObjectNode vote(List<AgentOutput> outputs) {
        Map<String, List<AgentOutput>> groups = new LinkedHashMap<>();
        outputs.forEach(o -> groups.computeIfAbsent(CanonicalJson.normalised(o.output()), k -> new ArrayList<>()).add(o));
        List<AgentOutput> winners = groups.values().stream()
                .min(Comparator.<List<AgentOutput>>comparingInt(List::size).reversed()
                        .thenComparing(group -> group.stream().min(MOST_CONFIDENT).orElseThrow(), MOST_CONFIDENT))
                .orElseThrow();
        AgentOutput representative = winners.stream().min(MOST_CONFIDENT).orElseThrow();
        ObjectNode result = JSON.objectNode();
        result.set("output", representative.output());
        result.put("votes", winners.size());
        result.put("of", outputs.size());
        var agents = result.putArray("agents");
        winners.forEach(w -> agents.add(w.agentName()));
        result.put("confidence", representative.confidence());
        return result;
    }

    static ObjectNode fieldWiseBest(List<AgentOutput> outputs) {
        ObjectNode merged = JSON.objectNode();
        ObjectNode sources = JSON.objectNode();
        outputs.stream().sorted(MOST_CONFIDENT).forEach(o -> {
            if (o.output().isObject()) {
                o.output().fields().forEachRemaining(field -> claim(merged, sources, field.getKey(), field.getValue(), o));
            } else {
                claim(merged, sources, o.agentName(), o.output(), o);
            }
        });
        ObjectNode result = JSON.objectNode();
        result.set("output", merged);
        result.set("sources", sources);
        return result;
    }

    /** The first (most confident) agent to offer a field keeps it. */
    private static void claim(ObjectNode merged, ObjectNode sources, String field, JsonNode value, AgentOutput from) {
        if (!merged.has(field)) {
            merged.set(field, value);
            sources.put(field, from.agentName());
        }
    }
}
