package io.mindmesh.analytics.agents.service;

import io.mindmesh.analytics.IsoTimestamps;
import io.mindmesh.analytics.agents.AgentSummary;
import io.mindmesh.analytics.agents.AgentsResponse;
import io.mindmesh.analytics.events.repository.EventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The agents of an account as analytics knows them: those that appear in its events. The
 * registry owns the catalog; this list answers "which agents have I used", from this service's
 * own data, without a call to another service.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AgentsService {

    private final EventRepository repository;

    public AgentsService(EventRepository repository) {
        this.repository = repository;
    }

    public AgentsResponse list(String accountId) {
        return AgentsResponse.of(repository.seenAgents(accountId).stream()
                .map(agent -> new AgentSummary(agent.agentId(), agent.displayName(),
                        IsoTimestamps.format(agent.firstSeen())))
                .toList());
    }
}
