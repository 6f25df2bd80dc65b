package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import jakarta.enterprise.context.ApplicationScoped;

/** Chooses how a step runs: sandbox executions always run simulated agents and never call out. */
@ApplicationScoped
public class Runtimes {

    private final SimulatedRuntime simulated;
    private final AgentRuntime http;

    public Runtimes(OrchestratorConfig config, ObjectMapper mapper, Tracing tracing) {
        this.simulated = new SimulatedRuntime(config.simulated().latencyScale());
        this.http = new CircuitBreakingRuntime(new HttpAgentRuntime(mapper, config.httpRuntime().defaultTimeout(),
                config.httpRuntime().maxResponseBytes(), tracing), config.httpRuntime().circuitBreaker());
    }

    public AgentRuntime forStep(boolean sandbox, SelectedAgent agent) {
        return !sandbox && agent.runtime().http() ? http : simulated;
    }
}
