package io.mindmesh.analytics.usage;

import java.util.List;

/**
 * {@code GET /v1/analytics/usage}: rows ordered by date, then account (operator report), then agent.
 *
 * @param startDate the first UTC day covered (ISO date)
 * @param endDate   the last UTC day covered, included
 * @param count     the number of rows in {@code data}
 */
public record UsageReport(boolean success, String startDate, String endDate, String environment,
        List<UsageRow> data, int count) {

    public static UsageReport of(UsageQuery query, List<UsageRow> data) {
        return new UsageReport(true, query.period().start().toString(), query.period().end().toString(),
                query.environment().value(), data, data.size());
    }
}
