package io.mindmesh.analytics.usage.service;

import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.usage.UsagePeriod;
import io.mindmesh.analytics.usage.UsageQuery;
import io.mindmesh.analytics.usage.UsageReport;
import io.mindmesh.analytics.usage.UsageRow;
import io.mindmesh.analytics.usage.repository.UsageRepository;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReports {

    private final UsageRepository repository;

    public UsageReports(UsageRepository repository) {
        this.repository = repository;
    }

    /**
     * A key's own report: its environment unless it names another, and nothing from an
     * environment the key may not read ({@link Environment#readableBy}).
     */
    public UsageReport forCaller(Caller caller, String agentId, String environment, String startDate,
            String endDate) {
        UsageQuery query = query(caller.accountId(), agentId, environment(environment, Environment.defaultFor(caller)),
                startDate, endDate);
        if (!Environment.readableBy(caller).contains(query.environment())) {
            return UsageReport.of(query, List.of());
        }
        return report(query, false);
    }

    /**
     * An operator's report, of any environment (production unless asked otherwise).
     *
     * @param accountId one account, or null for every account; rows carry the account
     */
    public UsageReport forOperator(String accountId, String agentId, String environment, String startDate,
            String endDate) {
        return report(query(accountId, agentId, environment(environment, Environment.PRODUCTION), startDate, endDate),
                true);
    }

    private static UsageQuery query(String accountId, String agentId, Environment environment, String startDate,
            String endDate) {
        return new UsageQuery(blankToNull(accountId), blankToNull(agentId), environment,
                UsagePeriod.resolve(startDate, endDate, LocalDate.now(ZoneOffset.UTC)));
    }

    private UsageReport report(UsageQuery query, boolean operator) {
        return UsageReport.of(query, repository.perAgentAndDay(query).stream()
                .map(usage -> UsageRow.of(usage, operator))
                .toList());
    }

    private static Environment environment(String value, Environment fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return Environment.parse(value).orElseThrow(() -> ApiException.invalid("environment",
                        "environment must be one of development, staging, production"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
