package io.mindmesh.analytics.agents.service;

import io.mindmesh.analytics.IsoTimestamps;
import io.mindmesh.analytics.agents.AgentSummary;
import io.mindmesh.analytics.agents.AgentsResponse;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.repository.EventRepository;
import io.mindmesh.common.request.Caller;
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

    /** The agents of the caller's account seen in the environments its key may read. */
    public AgentsResponse list(Caller caller) {
        return AgentsResponse.of(repository.seenAgents(caller.accountId(), Environment.readableBy(caller)).stream()
                .map(agent -> new AgentSummary(agent.agentId(), agent.displayName(),
                        IsoTimestamps.format(agent.firstSeen())))
                .toList());
    }
}
