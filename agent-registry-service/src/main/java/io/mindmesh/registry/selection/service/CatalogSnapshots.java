package io.mindmesh.registry.selection.service;

import io.mindmesh.registry.agent.repository.AgentEntity;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.registry.agent.repository.CatalogFingerprint;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps the catalog and its relevance index in memory and rebuilds them when the catalog in the
 * database changes. Each selection first reads the catalog's fingerprint (one small query), so a
 * change made through any replica is seen by every replica on its next selection, and all
 * replicas answer the same request the same way.
 */
@ApplicationScoped
class CatalogSnapshots {

    private static final Logger LOG = Logger.getLogger(CatalogSnapshots.class);

    private final AgentRepository agents;
    private volatile CatalogSnapshot current;

    CatalogSnapshots(AgentRepository agents) {
        this.agents = agents;
    }

    /**
     * A write landing between reading the fingerprint and reading the rows only labels the new
     * snapshot with the older fingerprint, which makes the next selection rebuild once more.
     */
    CatalogSnapshot current() {
        CatalogFingerprint fingerprint = agents.fingerprint();
        CatalogSnapshot snapshot = current;
        if (snapshot != null && snapshot.fingerprint().equals(fingerprint)) {
            return snapshot;
        }
        return rebuild(fingerprint);
    }

    private synchronized CatalogSnapshot rebuild(CatalogFingerprint fingerprint) {
        CatalogSnapshot snapshot = current;
        if (snapshot == null || !snapshot.fingerprint().equals(fingerprint)) {
            snapshot = CatalogSnapshot.of(fingerprint, agents.listAllById().stream().map(AgentEntity::toAgent).toList());
            current = snapshot;
            LOG.infof("Agent relevance index rebuilt: %d agents", snapshot.agents().size());
        }
        return snapshot;
    }
}
