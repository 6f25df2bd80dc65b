package io.mindmesh.analytics.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.analytics.events.StoredEvent;
import io.mindmesh.analytics.events.repository.EventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;

/** The test's view of the events table; events travel through the real broker, so tests wait for them. */
@ApplicationScoped
public class StoredEvents {

    private final EventRepository repository;

    public StoredEvents(EventRepository repository) {
        this.repository = repository;
    }

    /** Waits until the account holds {@code expected} events, then checks that it holds no more. */
    public void awaitCount(String accountId, long expected) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(accountId) >= expected);
        assertEquals(expected, count(accountId));
    }

    @Transactional
    public long count(String accountId) {
        return repository.count("accountId", accountId);
    }

    @Transactional
    public long count(String accountId, String eventName) {
        return repository.count("accountId = ?1 and eventName = ?2", accountId, eventName);
    }

    /** How many transactions wrote the account's events: rows written by one transaction share its xmin. */
    @Transactional
    public long transactions(String accountId) {
        return ((Number) repository.getEntityManager()
                .createNativeQuery("SELECT count(DISTINCT xmin::text) FROM events WHERE account_id = :accountId")
                .setParameter("accountId", accountId)
                .getSingleResult()).longValue();
    }

    /** The account's agent invocations whose trigger carries the query written as "Query of <its execution id>". */
    @Transactional
    public long invocationsWithTheirExecutionsQuery(String accountId) {
        return ((Number) repository.getEntityManager()
                .createNativeQuery("""
                        SELECT count(*) FROM events WHERE account_id = :accountId AND event_name = 'invocation_start'
                        AND payload -> 'triggerBody' ->> 'content' = 'Query of ' || session_id""")
                .setParameter("accountId", accountId)
                .getSingleResult()).longValue();
    }

    @Transactional
    public StoredEvent single(String accountId, String eventName) {
        return repository.find("accountId = ?1 and eventName = ?2", accountId, eventName).singleResult();
    }
}
