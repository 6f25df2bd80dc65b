package io.mindmesh.registry.catalog.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.service.AgentAdminService;
import io.mindmesh.registry.catalog.Definitions;
import io.mindmesh.registry.catalog.config.DemoCatalogConfig;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.service.WorkflowService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Inserts the demo agents and workflows that are missing, at startup. Existing ones are never
 * overwritten (an operator's change wins over the files), so loading is idempotent; replicas
 * starting at once insert in the same order and wait on each other's rows, so neither fails.
 */
@ApplicationScoped
public class DemoCatalogLoader {

    private static final Logger LOG = Logger.getLogger(DemoCatalogLoader.class);

    private final DemoCatalogConfig config;
    private final AgentAdminService agentAdmin;
    private final WorkflowService workflows;
    private final Definitions definitions;
    private final ObjectMapper json;

    DemoCatalogLoader(DemoCatalogConfig config, AgentAdminService agentAdmin, WorkflowService workflows,
            Definitions definitions, ObjectMapper json) {
        this.config = config;
        this.agentAdmin = agentAdmin;
        this.workflows = workflows;
        this.definitions = definitions;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            load();
        }
    }

    /** What one load inserted. */
    public record Loaded(int agents, int workflows) {
    }

    public Loaded load() {
        int insertedAgents = QuarkusTransaction.requiringNew().call(this::loadAgents);
        int insertedWorkflows = loadWorkflows();
        LOG.infof("Demo catalog: %d agents and %d workflows inserted", insertedAgents, insertedWorkflows);
        return new Loaded(insertedAgents, insertedWorkflows);
    }

    /** All agents in one transaction, in id order; each inserted agent gets its version 1. */
    private int loadAgents() {
        List<Agent> demo = read(config.agentsResource(), DemoAgents.class).agents().stream()
                .sorted(Comparator.comparing(Agent::id)).toList();
        int inserted = 0;
        for (Agent agent : demo) {
            if (agentAdmin.createIfAbsent(agent).isPresent()) {
                inserted++;
            }
        }
        return inserted;
    }

    /**
     * Each workflow in a transaction of its own, checked like an operator's: one that an operator's
     * catalog change made invalid (a deprecated agent) is skipped with a warning, not fatal.
     */
    private int loadWorkflows() {
        int inserted = 0;
        for (JsonNode workflow : read(config.workflowsResource(), DemoWorkflows.class).workflows()) {
            try {
                WorkflowDefinition definition = definitions.read(workflow, WorkflowDefinition.class);
                if (QuarkusTransaction.requiringNew().call(() -> workflows.createIfAbsent(definition)).isPresent()) {
                    inserted++;
                }
            } catch (ApiException e) {
                LOG.warnf("Demo workflow %s not loaded: %s", workflow.path("slug").asText(), e.getMessage());
            }
        }
        return inserted;
    }

    private <T> T read(String resource, Class<T> type) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Demo catalog " + resource + " is not on the classpath");
            }
            return json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the demo catalog " + resource, e);
        }
    }

    /** The agents file's shape: {@code {"agents": [Agent, ...]}}. */
    record DemoAgents(List<Agent> agents) {
    }

    /** The workflows file's shape: {@code {"workflows": [WorkflowDefinition, ...]}}, read as operators' bodies are. */
    record DemoWorkflows(List<JsonNode> workflows) {
    }
}
