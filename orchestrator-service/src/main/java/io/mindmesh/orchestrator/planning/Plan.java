package io.mindmesh.orchestrator.planning;

import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.pricing.Pricing;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import java.math.BigDecimal;
import java.util.List;

/**
 * How an execution will run: the agents in selection order, who waits for whom, and the estimates
 * the caller is quoted.
 */
public record Plan(ExecutionMode mode, List<SelectedAgent> agents, DependencyGraph graph,
        List<BigDecimal> agentEstimates, BigDecimal estimatedCost, long estimatedDurationMs) {

    /** @throws DependencyCycleException when DAG mode finds a cycle */
    public static Plan of(ExecutionMode mode, List<SelectedAgent> agents, TierRules tier) {
        return of(mode, agents, DependencyGraph.of(mode, agents), tier);
    }

    /** A plan whose graph is given (a workflow's steps), priced the same way. */
    public static Plan of(ExecutionMode mode, List<SelectedAgent> agents, DependencyGraph graph, TierRules tier) {
        List<BigDecimal> estimates = agents.stream().map(a -> Pricing.agentEstimate(a.pricing())).toList();
        long duration = graph.criticalPathMs(agents.stream().map(SelectedAgent::latencyMs).toList());
        return new Plan(mode, List.copyOf(agents), graph, estimates, Pricing.total(estimates, tier), duration);
    }
}
