package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.llmprovider.service.LlmProviders;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.llm.LlmRuntime;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.List;

/**
 * Chooses how a step runs: sandbox executions always run simulated agents and never call out (an
 * llm agent included: sandbox keys never pay for a model).
 */
@ApplicationScoped
public class Runtimes {

    private final SimulatedRuntime simulated;
    private final HttpAgentRuntime agents;
    private final AgentRuntime http;
    private final AgentRuntime llm;

    public Runtimes(OrchestratorConfig config, ObjectMapper mapper, Vertx vertx, SigningSecretSource secrets,
            Tracing tracing, StepDeltas deltas, LlmProviders llmProviders) {
        this.simulated = new SimulatedRuntime(config.simulated().latencyScale());
        OrchestratorConfig.HttpRuntime httpConfig = config.httpRuntime();
        this.agents = new HttpAgentRuntime(vertx, mapper, httpConfig.defaultTimeout(), httpConfig.maxResponseBytes(),
                AddressPolicy.allowing(httpConfig.allowedHosts().orElse(List.of())), InetAddress::getAllByName,
                secrets, tracing);
        this.http = new CircuitBreakingRuntime(agents, httpConfig.circuitBreaker(), agent -> "agent " + agent.id());
        this.llm = new CircuitBreakingRuntime(new LlmRuntime(llmProviders, mapper, deltas),
                config.llm().circuitBreaker(),
                agent -> "model " + agent.runtime().llm().provider() + "/" + agent.runtime().llm().model());
    }

    @PreDestroy
    void close() {
        agents.close();
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
