package io.mindmesh.analytics.events.service;

import io.mindmesh.analytics.events.EventKey;
import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.analytics.events.repository.EventRepository;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

@ApplicationScoped
public class EventIngestion {

    private final EventRepository repository;

    public EventIngestion(EventRepository repository) {
        this.repository = repository;
    }

    /**
     * Stores one platform event in the analytics API's form (docs/public-api.md#event-query), at
     * most once per CloudEvents id.
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

    /**
     * Stores a consumed batch in one transaction with one insert, each event at most once per
     * CloudEvents id (also when the batch holds two copies). An event that breaks the contract is
     * rejected without touching its batch-mates.
     *
     * @return one result per event, in order
     * @throws RuntimeException when the database refuses the insert: nothing is stored, and the
     *                          caller decides between retrying the events one by one and stopping
     */
    @Transactional
    public List<IngestionResult> ingestAll(List<PlatformEvent> events) {
        // An agent.started without its query takes it from its execution.started, which precedes it
        // in the partition: earlier in this batch (not yet in the table), or stored by an earlier one.
        Map<ExecutionRef, String> queries = new HashMap<>();
        List<NewEvent> mapped = new ArrayList<>(events.size());
        List<IngestionResult> results = new ArrayList<>(events.size());
        for (PlatformEvent event : events) {
            ExecutionRef execution = new ExecutionRef(event.accountid(), event.subject());
            try {
                mapped.add(EventMapping.map(event, () -> queries.containsKey(execution)
                        ? queries.get(execution)
                        : repository.executionQuery(event.accountid(), event.subject())));
                results.add(null);
                if (event.eventType() == EventType.EXECUTION_STARTED) {
                    queries.put(execution, event.data().query());
                }
            } catch (RejectedEventException e) {
                mapped.add(null);
                results.add(IngestionResult.rejected(e.getMessage()));
            }
        }
        Set<EventKey> inserted = repository.insertAllIfAbsent(mapped.stream().filter(Objects::nonNull).toList());
        for (int i = 0; i < mapped.size(); i++) {
            if (mapped.get(i) != null) {
                // Removing the key leaves a second copy in the same batch counted as the duplicate it is.
                boolean isNew = inserted.remove(EventKey.of(mapped.get(i)));
                results.set(i, IngestionResult.of(isNew ? Outcome.STORED : Outcome.DUPLICATE));
            }
        }
        return results;
    }

    private record ExecutionRef(String accountId, String executionId) {
    }
}
