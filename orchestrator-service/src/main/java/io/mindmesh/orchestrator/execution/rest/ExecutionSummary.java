package io.mindmesh.orchestrator.execution.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One row of {@code GET /v1/executions}. */
public record ExecutionSummary(String executionId, String status, String query, String mode,
        String aggregationStrategy, List<String> verticals, BigDecimal estimatedCost, BigDecimal actualCost,
        Instant createdAt, Instant startedAt, Instant completedAt, String error) {
}
