package io.mindmesh.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker needs to run (or finish) an execution, read under its claim; {@code traceparent} is
 * the submitting request's trace, which the run continues (null when it was not traced);
 * {@code estimatedCost} is what the wallet holds for it when {@code holdPlaced}, and the most it may
 * ever be charged.
 */
public record RunSnapshot(String executionId, String requestId, String traceparent, boolean sandbox, ExecutionStatus status, ExecutionMode mode,
        AggregationStrategy strategy, String query, JsonNode context, String tier, boolean holdPlaced,
        boolean concluded, boolean succeeded, String error, Instant createdAt, List<Step> steps,
        BigDecimal estimatedCost) {

    /** Each step's status as read, in a map the run's loop then keeps up to date. */
    public Map<String, StepStatus> statuses() {
        Map<String, StepStatus> statuses = new HashMap<>();
        steps.forEach(step -> statuses.put(step.stepId(), step.status()));
        return statuses;
    }

    /**
     * The steps that may start now, in plan order: PENDING, every step they depend on COMPLETED,
     * and no more than {@code maxParallel} running at once counting the {@code running} ones.
     */
    public List<Step> startable(Map<String, StepStatus> states, int running, int maxParallel) {
        List<Step> startable = new ArrayList<>();
        for (Step step : steps) {
            if (running + startable.size() >= maxParallel) {
                break;
            }
            if (states.get(step.stepId()) == StepStatus.PENDING
                    && step.dependsOn().stream().allMatch(dep -> states.get(dep) == StepStatus.COMPLETED)) {
                startable.add(step);
            }
        }
        return startable;
    }

    /**
     * One step; {@code dependsOn} holds step ids, {@code output} is set once it completed,
     * {@code instructions} is what the step asks of its agent (empty for an orchestration's steps).
     */
    public record Step(String stepId, int position, SelectedAgent agent, List<String> dependsOn, StepStatus status,
            int attempts, JsonNode output, BigDecimal outputConfidence, BigDecimal cost, String instructions) {
    }
}
