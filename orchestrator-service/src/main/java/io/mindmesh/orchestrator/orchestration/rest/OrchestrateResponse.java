package io.mindmesh.orchestrator.orchestration.rest;

import java.math.BigDecimal;
import java.util.List;

/** The 202 answer of seed 001. */
public record OrchestrateResponse(String executionId, String status, BigDecimal estimatedCost, long estimatedDuration,
        List<SelectedAgentView> selectedAgents, String mode, String message, String statusUrl) {

    public record SelectedAgentView(String id, String name, String vertical, BigDecimal estimatedCost,
            BigDecimal confidence) {
    }
}
