package io.mindmesh.registry.catalog.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.service.AgentAdminService;
import io.mindmesh.registry.app.AppDefinition;
import io.mindmesh.registry.app.service.AppService;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Inserts the demo agents, workflows and apps that are missing, at startup. Existing ones are never
 * overwritten (an operator's change wins over the files), so loading is idempotent; replicas
 * starting at once insert in the same order and wait on each other's rows, so neither fails.
 */
@ApplicationScoped
public class DemoCatalogLoader {

    private static final Logger LOG = Logger.getLogger(DemoCatalogLoader.class);

    private final DemoCatalogConfig config;
    private final AgentAdminService agentAdmin;
    private final WorkflowService workflows;
    private final AppService apps;
    private final Definitions definitions;
    private final ObjectMapper json;

    DemoCatalogLoader(DemoCatalogConfig config, AgentAdminService agentAdmin, WorkflowService workflows,
            AppService apps, Definitions definitions, ObjectMapper json) {
        this.config = config;
        this.agentAdmin = agentAdmin;
        this.workflows = workflows;
        this.apps = apps;
        this.definitions = definitions;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            load();
        }
    }

    /** What one load inserted. */
    public record Loaded(int agents, int workflows, int apps) {
    }

    public Loaded load() {
        List<String> agentFiles = new ArrayList<>(List.of(config.agentsResource()));
        List<String> workflowFiles = new ArrayList<>(List.of(config.workflowsResource()));
        List<String> appFiles = new ArrayList<>(List.of(config.appsResource()));
        if (config.llmEnabled()) {
            agentFiles.add(config.llmAgentsResource());
            workflowFiles.add(config.llmWorkflowsResource());
            appFiles.add(config.llmAppsResource());
        }
        int insertedAgents = 0;
        for (String file : agentFiles) {
            insertedAgents += QuarkusTransaction.requiringNew().call(() -> loadAgents(file));
        }
        int insertedWorkflows = workflowFiles.stream().mapToInt(this::loadWorkflows).sum();
        int insertedApps = appFiles.stream().mapToInt(this::loadApps).sum();
        LOG.infof("Demo catalog: %d agents, %d workflows and %d apps inserted", insertedAgents, insertedWorkflows,
                insertedApps);
        return new Loaded(insertedAgents, insertedWorkflows, insertedApps);
    }

    /** All agents in one transaction, in id order; each inserted agent gets its version 1. */
    private int loadAgents(String resource) {
        List<Agent> demo = read(resource, DemoAgents.class).agents().stream()
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
    private int loadWorkflows(String resource) {
        return loadEach("workflow", read(resource, DemoWorkflows.class).workflows(),
                WorkflowDefinition.class, definition -> workflows.createIfAbsent(definition).isPresent());
    }

    /** Each app in a transaction of its own, after the workflows it bundles; as lenient as workflows. */
    private int loadApps(String resource) {
        return loadEach("app", read(resource, DemoApps.class).apps(), AppDefinition.class,
                definition -> apps.createIfAbsent(definition).isPresent());
    }

    /** Reads each entry as an operator's body and inserts it in a transaction of its own; counts the inserted. */
    private <T> int loadEach(String kind, List<JsonNode> entries, Class<T> type, Predicate<T> insertIfAbsent) {
        int inserted = 0;
        for (JsonNode entry : entries) {
            try {
                T definition = definitions.read(entry, type);
                if (QuarkusTransaction.requiringNew().call(() -> insertIfAbsent.test(definition))) {
                    inserted++;
                }
            } catch (ApiException e) {
                LOG.warnf("Demo %s %s not loaded: %s", kind, entry.path("slug").asText(), e.getMessage());
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

    /** The apps file's shape: {@code {"apps": [AppDefinition, ...]}}, each with a fixed id. */
    record DemoApps(List<JsonNode> apps) {
    }
}
