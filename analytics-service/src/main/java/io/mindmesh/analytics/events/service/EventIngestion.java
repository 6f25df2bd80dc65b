package io.mindmesh.analytics.events.service;

import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.analytics.events.repository.EventRepository;
import io.mindmesh.common.events.PlatformEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class EventIngestion {

    private final EventRepository repository;

    public EventIngestion(EventRepository repository) {
        this.repository = repository;
    }

    /**
     * Stores one platform event in seed 002's form, at most once per CloudEvents id.
     *
     * @return {@link Outcome#STORED}, or {@link Outcome#DUPLICATE} for a redelivery
     * @throws RejectedEventException when the event breaks the contract
     */
    @Transactional
    public Outcome ingest(PlatformEvent event) {
        // The orchestrator puts the query on execution.started only; that event precedes the agent's
        // in the execution's partition, so it is already stored when agent.started is read.
        NewEvent mapped = EventMapping.map(event, () -> repository.executionQuery(event.accountid(), event.subject()));
        return repository.insertIfAbsent(mapped) ? Outcome.STORED : Outcome.DUPLICATE;
    }
}
