package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.llm.LlmRuntime;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Chooses how a step runs: sandbox executions always run simulated agents and never call out (an
 * llm agent included: sandbox keys never pay for a model).
 */
@ApplicationScoped
public class Runtimes {

    private final SimulatedRuntime simulated;
    private final AgentRuntime http;
    private final AgentRuntime llm;

    public Runtimes(OrchestratorConfig config, ObjectMapper mapper) {
        this.simulated = new SimulatedRuntime(config.simulated().latencyScale());
        this.http = new CircuitBreakingRuntime(new HttpAgentRuntime(mapper, config.httpRuntime().defaultTimeout(),
                config.httpRuntime().maxResponseBytes()), config.httpRuntime().circuitBreaker(),
                agent -> "agent " + agent.id());
        this.llm = new CircuitBreakingRuntime(new LlmRuntime(config.llm().providers(),
                AddressPolicy.allowing(config.llm().allowedHosts().orElse(List.of())), mapper),
                config.llm().circuitBreaker(),
                agent -> "model " + agent.runtime().llm().provider() + "/" + agent.runtime().llm().model());
    }

    public AgentRuntime forStep(boolean sandbox, SelectedAgent agent) {
        if (sandbox) {
            return simulated;
        }
        if (agent.runtime().runsModel()) {
            return llm;
        }
        return agent.runtime().http() ? http : simulated;
    }
}
