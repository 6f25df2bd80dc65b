package io.mindmesh.analytics.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One row of a usage report: an agent on a UTC day.
 *
 * @param accountId    only in the operator's report
 * @param executions   the agent's invocations that ended that day, {@code succeeded + failed}
 * @param successRate  {@code succeeded / executions}, 0 to 1, to 4 decimal places
 * @param p50LatencyMs whole milliseconds; null when no invocation succeeded that day
 * @param cost         USD in the Money display form ({@code 1.50})
 */
public record UsageRow(
        @JsonInclude(JsonInclude.Include.NON_NULL) String accountId,
        String date,
        String agentId,
        String agentName,
        long executions,
        long succeeded,
        long failed,
        BigDecimal successRate,
        Long p50LatencyMs,
        Long p95LatencyMs,
        BigDecimal cost) {

    static final int RATE_SCALE = 4;

    public static UsageRow of(AgentDayUsage usage, boolean withAccount) {
        long executions = usage.succeeded() + usage.failed();
        return new UsageRow(withAccount ? usage.accountId() : null, usage.day().toString(), usage.agentId(),
                usage.agentName(), executions, usage.succeeded(), usage.failed(),
                rate(usage.succeeded(), executions), milliseconds(usage.p50LatencyMs()),
                milliseconds(usage.p95LatencyMs()), Money.display(Money.of(usage.cost())));
    }

    /** A row exists only for an agent with at least one finished invocation, so executions is never 0. */
    private static BigDecimal rate(long succeeded, long executions) {
        return BigDecimal.valueOf(succeeded).divide(BigDecimal.valueOf(executions), RATE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Durations are recorded in whole milliseconds; an interpolated fraction of one says nothing. */
    private static Long milliseconds(Double value) {
        return value == null ? null : Math.round(value);
    }
}
