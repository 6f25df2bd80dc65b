package io.mindmesh.analytics.usage;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One agent's finished invocations on one UTC day, as PostgreSQL aggregates them.
 *
 * @param agentName    the name on the agent's latest event of the day
 * @param p50LatencyMs median duration of the completed invocations; null when none completed
 * @param p95LatencyMs 95th percentile of the same, interpolated ({@code percentile_cont})
 * @param cost         the sum of the completed invocations' costs (failed ones are not charged)
 */
public record AgentDayUsage(
        String accountId,
        String agentId,
        String agentName,
        LocalDate day,
        long succeeded,
        long failed,
        Double p50LatencyMs,
        Double p95LatencyMs,
        BigDecimal cost) {
}
