package io.mindmesh.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

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

    /**
     * One step; {@code dependsOn} holds step ids, {@code output} is set once it completed,
     * {@code instructions} is what the step asks of its agent (empty for an orchestration's steps).
     */
    public record Step(String stepId, int position, SelectedAgent agent, List<String> dependsOn, StepStatus status,
            int attempts, JsonNode output, BigDecimal outputConfidence, BigDecimal cost, String instructions) {
    }
}
