package io.mindmesh.orchestrator.execution.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateResponse.SelectedAgentView;
import io.mindmesh.orchestrator.registry.RejectedAgent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/executions/{id}}: the plan (selected and rejected agents, so the routing is
 * explainable), every step with its cost and output, the aggregated result and the money.
 * {@code estimatedDuration} and {@code durationMs} are milliseconds.
 */
public record ExecutionView(String executionId, String status, String query, String mode, String aggregationStrategy,
        List<SelectedAgentView> selectedAgents, List<RejectedAgent> rejectedAgents, List<StepView> steps,
        JsonNode result, BigDecimal estimatedCost, BigDecimal actualCost, long estimatedDuration, Long durationMs,
        Instant createdAt, Instant startedAt, Instant completedAt, String error) {

    /**
     * One agent step; {@code dependsOn} lists the step ids whose outputs it received; {@code usage}
     * is set once it completed.
     */
    public record StepView(String stepId, int position, String agentId, String agentName, String vertical,
            String status, List<String> dependsOn, int attempts, Instant startedAt, Instant completedAt,
            Long durationMs, BigDecimal units, BigDecimal cost, BigDecimal confidence, JsonNode output, String error,
            Usage usage) {
    }

    /** What a completed step used: its units, and for an llm agent the tokens they sum. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(BigDecimal units, Long inputTokens, Long outputTokens) {
    }
}
