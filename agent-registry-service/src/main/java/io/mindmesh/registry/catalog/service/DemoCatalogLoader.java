package io.mindmesh.registry.catalog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.registry.catalog.config.DemoCatalogConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Inserts the demo agents that are missing, at startup. Existing agents are never overwritten
 * (an operator's change wins over the file), so loading is idempotent; replicas starting at once
 * insert in the same order and wait on each other's rows, so neither fails.
 */
@ApplicationScoped
public class DemoCatalogLoader {

    private static final Logger LOG = Logger.getLogger(DemoCatalogLoader.class);

    private final DemoCatalogConfig config;
    private final AgentRepository agents;
    private final ObjectMapper json;

    DemoCatalogLoader(DemoCatalogConfig config, AgentRepository agents, ObjectMapper json) {
        this.config = config;
        this.agents = agents;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            load();
        }
    }

    /** @return how many agents this call inserted */
    @Transactional
    public int load() {
        List<Agent> demo = read().stream().sorted(Comparator.comparing(Agent::id)).toList();
        int inserted = (int) demo.stream().filter(agents::insertIfAbsent).count();
        int versions = agents.publishMissingVersions();
        LOG.infof("Demo catalog: %d of %d agents inserted, %d versions recorded", inserted, demo.size(), versions);
        return inserted;
    }

    private List<Agent> read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(config.resource())) {
            if (in == null) {
                throw new IllegalStateException("Demo catalog " + config.resource() + " is not on the classpath");
            }
            return json.readValue(in, DemoCatalog.class).agents();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the demo catalog " + config.resource(), e);
        }
    }

    /** The file's shape: {@code {"agents": [Agent, ...]}}. */
    record DemoCatalog(List<Agent> agents) {
    }
}
