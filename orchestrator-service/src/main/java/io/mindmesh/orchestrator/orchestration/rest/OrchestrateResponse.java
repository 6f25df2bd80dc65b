package io.mindmesh.orchestrator.orchestration.rest;

import java.math.BigDecimal;
import java.util.List;

/**
 * The 202 answer of {@code /v1/orchestrate} (docs/public-api.md#orchestrate-response).
 * {@code estimatedCost} is the sum of the selected agents' estimates (as in the documented
 * example); {@code platformFee} is the tier's fee on it and {@code estimatedTotal} their sum, the
 * amount held for a live caller.
 */
public record OrchestrateResponse(String executionId, String status, BigDecimal estimatedCost, BigDecimal platformFee,
        BigDecimal estimatedTotal, long estimatedDuration,
        List<SelectedAgentView> selectedAgents, String mode, String message, String statusUrl) {

    public record SelectedAgentView(String id, String name, String vertical, BigDecimal estimatedCost,
            BigDecimal confidence) {
    }
}
