package io.mindmesh.orchestrator.workflow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as its caller collects it.
 *
 * @param result   the output variables by name (only those whose step completed), in declaration order
 * @param cost     what the run costs: the amount captured for live runs, what it would have cost for
 *                 sandbox runs; null while it runs
 * @param steps    the steps in plan order, each with its output or error
 */
public record RunOutcome(WorkflowRun run, ExecutionStatus status, Map<String, JsonNode> result, BigDecimal cost,
        String error, Instant completedAt, List<Step> steps) {

    public boolean finished() {
        return status.terminal();
    }

    public record Step(String stepId, String workflowStepId, String agentId, String agentName, String status,
            JsonNode output, String error, Instant completedAt) {
    }
}
