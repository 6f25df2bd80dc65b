package io.mindmesh.orchestrator.execution.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.money.Money;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.time.DateRange;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.repository.StepRepository;
import io.mindmesh.orchestrator.execution.rest.ExecutionSummary;
import io.mindmesh.orchestrator.execution.rest.ExecutionView;
import io.mindmesh.orchestrator.json.JsonCodec;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateResponse.SelectedAgentView;
import io.mindmesh.orchestrator.registry.RejectedAgent;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads executions for their owner only: another account's execution is reported as not found. */
@ApplicationScoped
public class ExecutionQueries {

    private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "status", "status");
    private static final TypeReference<List<RejectedAgent>> REJECTED = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final JsonCodec json;

    public ExecutionQueries(ExecutionRepository executions, StepRepository steps, JsonCodec json) {
        this.executions = executions;
        this.steps = steps;
        this.json = json;
    }

    /** The filters of {@code GET /v1/executions}, as received. */
    public record Filter(String page, String limit, String status, String vertical, String startDate, String endDate,
            String sort) {
    }

    @Transactional
    public ExecutionView get(Caller caller, String executionId) {
        Execution e = executions.requireOwned(executionId, caller);
        return view(e, steps.forExecution(e.id));
    }

    @Transactional
    public Page<ExecutionSummary> list(Caller caller, Filter filter) {
        PageQuery page = PageQuery.parse(filter.page(), filter.limit());
        Sort sort = Sort.parse(filter.sort(), SORTABLE, "-createdAt");
        // The same rule as Execution.visibleTo, as a query: the caller's account and environment.
        StringBuilder where = new StringBuilder(
                "from Execution e where e.accountId = :account and e.environment = :environment");
        Parameters params = Parameters.with("account", caller.accountId()).and("environment", caller.environment());
        if (filter.status() != null && !filter.status().isBlank()) {
            ExecutionStatus status = ExecutionStatus.parse(filter.status()).orElseThrow(() -> ApiException.invalid(
                    "status", "status must be one of " + Arrays.toString(ExecutionStatus.values())));
            where.append(" and e.status = :status");
            params.and("status", status);
        }
        if (filter.vertical() != null && !filter.vertical().isBlank()) {
            where.append(" and exists (select 1 from ExecutionStep s where s.executionId = e.id and s.vertical = :vertical)");
            params.and("vertical", filter.vertical());
        }
        DateRange range = DateRange.parse(filter.startDate(), filter.endDate());
        if (range.from() != null) {
            where.append(" and e.createdAt >= :start");
            params.and("start", range.from());
        }
        if (range.to() != null) {
            where.append(" and e.createdAt <= :end");
            params.and("end", range.to());
        }
        long total = executions.count(where.toString(), params);
        List<Execution> rows = executions.find(where + " order by e." + sort.clause() + ", e.id", params)
                .page(page.page() - 1, page.limit()).list();
        Map<String, List<ExecutionStep>> stepsByExecution = steps.forExecutions(rows.stream().map(e -> e.id).toList())
                .stream().collect(Collectors.groupingBy(s -> s.executionId));
        List<ExecutionSummary> data = rows.stream()
                .map(e -> summary(e, stepsByExecution.getOrDefault(e.id, List.of())))
                .toList();
        return Page.of(data, page, total);
    }

    private ExecutionView view(Execution e, List<ExecutionStep> stepRows) {
        List<SelectedAgentView> selected = new ArrayList<>();
        List<ExecutionView.StepView> stepViews = new ArrayList<>();
        for (ExecutionStep s : stepRows) {
            selected.add(new SelectedAgentView(s.agentId, s.agentName, s.vertical, Money.display(s.estimatedCost),
                    s.confidence));
            stepViews.add(new ExecutionView.StepView(s.stepId, s.position, s.agentId, s.agentName, s.vertical,
                    s.status.name(), json.read(s.dependsOn, STRINGS), s.attempts, s.startedAt, s.completedAt,
                    s.durationMs, s.units == null ? null : s.units.stripTrailingZeros(), display(s.cost),
                    s.outputConfidence, json.tree(s.output), s.error,
                    s.units == null ? null : new ExecutionView.Usage(s.units.stripTrailingZeros(), s.inputTokens,
                            s.outputTokens)));
        }
        return new ExecutionView(e.id, e.status.name(), e.query, e.mode.name(), e.aggregationStrategy.wireName(),
                selected, json.read(e.rejectedAgents, REJECTED), stepViews, json.tree(e.result),
                Money.display(e.estimatedCost), display(e.actualCost), e.estimatedDurationMs, durationMs(e),
                e.createdAt, e.startedAt, e.completedAt, e.error);
    }

    private static ExecutionSummary summary(Execution e, List<ExecutionStep> stepRows) {
        List<String> verticals = stepRows.stream().map(s -> s.vertical).filter(v -> v != null).distinct().toList();
        return new ExecutionSummary(e.id, e.status.name(), e.query, e.mode.name(), e.aggregationStrategy.wireName(),
                verticals, Money.display(e.estimatedCost), display(e.actualCost), e.createdAt, e.startedAt,
                e.completedAt, e.error);
    }

    private static Long durationMs(Execution e) {
        return e.startedAt == null || e.completedAt == null ? null
                : Duration.between(e.startedAt, e.completedAt).toMillis();
    }

    private static BigDecimal display(BigDecimal amount) {
        return amount == null ? null : Money.display(amount);
    }
}
