package io.mindmesh.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.planning.Plan;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.registry.RejectedAgent;
import java.math.BigDecimal;
import java.util.List;

/**
 * Everything an accepted orchestration is stored with.
 *
 * @param context     the caller's context object, or null
 * @param webhook     the subscription, or null
 * @param holdPlaced  whether the wallet holds {@code plan.estimatedCost()} under the execution id
 * @param instructions what each step asks of its agent, in plan order (a workflow's steps); empty
 *                     when the steps have no instructions (an orchestration)
 * @param progressPosts whether each step's end is posted to a progress URL (an app run that gave one)
 */
public record NewExecution(String id, Caller caller, TierRules tier, String requestId, String query, JsonNode context,
        List<String> verticals, List<String> requiredCapabilities, int maxAgents, BigDecimal minConfidence,
        AggregationStrategy aggregationStrategy, Webhook webhook, Plan plan, List<RejectedAgent> rejected,
        boolean holdPlaced, List<String> instructions, boolean progressPosts) {

    public NewExecution {
        instructions = instructions == null ? List.of() : List.copyOf(instructions);
        if (!instructions.isEmpty() && instructions.size() != plan.agents().size()) {
            throw new IllegalArgumentException("One instruction per step of the plan, or none");
        }
    }

    /** The instructions of the step at {@code index} of the plan; empty when it has none. */
    public String instructionsOf(int index) {
        return instructions.isEmpty() ? "" : instructions.get(index);
    }

    /** A webhook subscription (delivery is the job of the webhook feature). */
    public record Webhook(String url, List<String> events, String secret) {
    }
}
