package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.List;

/** Chooses how a step runs: sandbox executions always run simulated agents and never call out. */
@ApplicationScoped
public class Runtimes {

    private final SimulatedRuntime simulated;
    private final HttpAgentRuntime agents;
    private final AgentRuntime http;

    public Runtimes(OrchestratorConfig config, ObjectMapper mapper, Vertx vertx, SigningSecretSource secrets,
            Tracing tracing) {
        this.simulated = new SimulatedRuntime(config.simulated().latencyScale());
        OrchestratorConfig.HttpRuntime httpConfig = config.httpRuntime();
        this.agents = new HttpAgentRuntime(vertx, mapper, httpConfig.defaultTimeout(), httpConfig.maxResponseBytes(),
                AddressPolicy.allowing(httpConfig.allowedHosts().orElse(List.of())), InetAddress::getAllByName,
                secrets, tracing);
        this.http = new CircuitBreakingRuntime(agents, httpConfig.circuitBreaker());
    }

    @PreDestroy
    void close() {
        agents.close();
    }

    public AgentRuntime forStep(boolean sandbox, SelectedAgent agent) {
        return !sandbox && agent.runtime().http() ? http : simulated;
    }
}
