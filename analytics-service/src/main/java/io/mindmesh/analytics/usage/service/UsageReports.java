package io.mindmesh.analytics.usage.service;

import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.usage.UsagePeriod;
import io.mindmesh.analytics.usage.UsageQuery;
import io.mindmesh.analytics.usage.UsageReport;
import io.mindmesh.analytics.usage.UsageRow;
import io.mindmesh.analytics.usage.repository.UsageRepository;
import io.mindmesh.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReports {

    private final UsageRepository repository;

    public UsageReports(UsageRepository repository) {
        this.repository = repository;
    }

    /**
     * @param accountId the caller's account, or for operators null for every account; rows carry
     *                  the account only in the operator's report
     */
    public UsageReport report(String accountId, boolean operator, String agentId, String environment,
            String startDate, String endDate) {
        UsageQuery query = new UsageQuery(blankToNull(accountId), blankToNull(agentId), environment(environment),
                UsagePeriod.resolve(startDate, endDate, LocalDate.now(ZoneOffset.UTC)));
        return UsageReport.of(query, repository.perAgentAndDay(query).stream()
                .map(usage -> UsageRow.of(usage, operator))
                .toList());
    }

    /**
     * Production unless asked otherwise, as in the analytics event query
     * (docs/public-api.md#event-query).
     */
    private static Environment environment(String value) {
        if (value == null || value.isBlank()) {
            return Environment.PRODUCTION;
        }
        return Environment.parse(value).orElseThrow(() -> ApiException.invalid("environment",
                        "environment must be one of development, staging, production"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
