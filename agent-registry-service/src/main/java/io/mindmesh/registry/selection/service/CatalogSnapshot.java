package io.mindmesh.registry.selection.service;

import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.repository.CatalogFingerprint;
import io.mindmesh.registry.selection.RelevanceIndex;
import java.util.List;

/** The whole catalog as of one fingerprint, ordered by id, with its relevance index. */
record CatalogSnapshot(CatalogFingerprint fingerprint, List<Agent> agents, RelevanceIndex index) {

    static CatalogSnapshot of(CatalogFingerprint fingerprint, List<Agent> agents) {
        return new CatalogSnapshot(fingerprint, List.copyOf(agents), RelevanceIndex.of(agents));
    }
}
