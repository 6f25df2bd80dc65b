package io.mindmesh.analytics.events.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.analytics.agents.SeenAgent;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.EventKey;
import io.mindmesh.analytics.events.EventQuery;
import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.analytics.events.StoredEvent;
import io.mindmesh.common.events.EventType;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<StoredEvent, Long> {

    /**
     * Stores the event unless the account already has an event with the same id: a redelivery
     * (at-least-once Kafka, a relay retry, a client's retried custom event) then changes nothing.
     * The unique key decides, not a prior read, so two writers racing on the same event still
     * store it once.
     *
     * @return true when the event was new
     */
    public boolean insertIfAbsent(NewEvent event) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO events (event_id, account_id, agent_id, agent_name, session_id, environment,
                                    event_name, event_type, payload, created_at)
                VALUES (:eventId, :accountId, :agentId, :agentName, :sessionId, :environment,
                        :eventName, :eventType, CAST(:payload AS jsonb), :createdAt)
                ON CONFLICT (account_id, event_id) DO NOTHING
                """)
                .setParameter("eventId", event.eventId())
                .setParameter("accountId", event.accountId())
                .setParameter("agentId", event.agentId())
                .setParameter("agentName", event.agentName())
                .setParameter("sessionId", event.sessionId())
                .setParameter("environment", event.environment().value())
                .setParameter("eventName", event.eventName())
                .setParameter("eventType", event.eventType())
                .setParameter("payload", event.payload().toString())
                .setParameter("createdAt", event.createdAt().atOffset(ZoneOffset.UTC))
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Stores many events with one statement (one round trip, whatever their number), each unless
     * its account already has an event with the same id: the same rule as {@link #insertIfAbsent},
     * also between two copies of an event within {@code events}.
     *
     * @return the keys of the events that were new
     */
    public Set<EventKey> insertAllIfAbsent(List<NewEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        // One array per column, unnested into rows: the statement text is the same for any batch size.
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO events (event_id, account_id, agent_id, agent_name, session_id, environment,
                                        event_name, event_type, payload, created_at)
                    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                         ?::text[], ?::text[], ?::jsonb[], ?::timestamptz[])
                    ON CONFLICT (account_id, event_id) DO NOTHING
                    RETURNING account_id, event_id""")) {
                insert.setArray(1, column(connection, events, NewEvent::eventId));
                insert.setArray(2, column(connection, events, NewEvent::accountId));
                insert.setArray(3, column(connection, events, NewEvent::agentId));
                insert.setArray(4, column(connection, events, NewEvent::agentName));
                insert.setArray(5, column(connection, events, NewEvent::sessionId));
                insert.setArray(6, column(connection, events, e -> e.environment().value()));
                insert.setArray(7, column(connection, events, NewEvent::eventName));
                insert.setArray(8, column(connection, events, NewEvent::eventType));
                insert.setArray(9, column(connection, events, e -> e.payload().toString()));
                insert.setArray(10, column(connection, events, e -> e.createdAt().toString()));
                Set<EventKey> inserted = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(new EventKey(rows.getString(1), rows.getString(2)));
                    }
                }
                return inserted;
            }
        });
    }

    private static Array column(Connection connection, List<NewEvent> events, Function<NewEvent, String> value)
            throws SQLException {
        return connection.createArrayOf("text", events.stream().map(value).toArray());
    }

    public StoredEvent findByEventId(String accountId, String eventId) {
        return find("accountId = ?1 and eventId = ?2", accountId, eventId).singleResult();
    }

    /** Compares as jsonb does: key order, whitespace and the spelling of numbers do not matter. */
    public boolean payloadEquals(long id, ObjectNode payload) {
        return (Boolean) getEntityManager()
                .createNativeQuery("SELECT payload = CAST(:payload AS jsonb) FROM events WHERE id = :id", Boolean.class)
                .setParameter("payload", payload.toString())
                .setParameter("id", id)
                .getSingleResult();
    }

    /** The query of an execution, from its {@code execution.started} event; null when not stored. */
    public String executionQuery(String accountId, String sessionId) {
        List<String> queries = getEntityManager().createNativeQuery("""
                SELECT payload ->> 'query'
                FROM events
                WHERE account_id = :accountId AND session_id = :sessionId AND event_name = :eventName
                """, String.class)
                .setParameter("accountId", accountId)
                .setParameter("sessionId", sessionId)
                .setParameter("eventName", EventType.EXECUTION_STARTED.publicName())
                .getResultList();
        return queries.isEmpty() ? null : queries.getFirst();
    }

    /** Whether the account has any event of the agent, in any environment (the agent is the account's). */
    public boolean hasAgent(String accountId, String agentId) {
        return !getEntityManager().createNativeQuery(
                        "SELECT 1 FROM events WHERE account_id = :accountId AND agent_id = :agentId LIMIT 1")
                .setParameter("accountId", accountId)
                .setParameter("agentId", agentId)
                .getResultList().isEmpty();
    }

    /** Newest first; ties on time are broken by arrival order so that pages never overlap. */
    public List<StoredEvent> findForAgent(EventQuery query) {
        StringBuilder where = new StringBuilder(
                "accountId = :accountId and agentId = :agentId and environment = :environment");
        Parameters parameters = Parameters.with("accountId", query.accountId())
                .and("agentId", query.agentId())
                .and("environment", query.environment().value());
        if (query.sessionId() != null) {
            where.append(" and sessionId = :sessionId");
            parameters.and("sessionId", query.sessionId());
        }
        if (query.eventName() != null) {
            where.append(" and eventName = :eventName");
            parameters.and("eventName", query.eventName());
        }
        if (query.from() != null) {
            where.append(" and createdAt >= :from");
            parameters.and("from", query.from());
        }
        if (query.to() != null) {
            where.append(" and createdAt <= :to");
            parameters.and("to", query.to());
        }
        int last = (int) Math.min((long) query.offset() + query.limit() - 1, Integer.MAX_VALUE);
        return find(where.toString(), Sort.descending("createdAt", "id"), parameters)
                .range(query.offset(), last)
                .list();
    }

    /**
     * The agents that the platform ran for the account, in the order they were first seen. Custom
     * events are left out: their {@code agentId} is whatever a client sent, and they carry no name.
     * Only events of {@code environments} count (the caller's key decides which).
     */
    @SuppressWarnings("unchecked")
    public List<SeenAgent> seenAgents(String accountId, Set<Environment> environments) {
        return getEntityManager().createNativeQuery("""
                SELECT agent_id,
                       (array_agg(agent_name ORDER BY created_at DESC, id DESC))[1] AS display_name,
                       min(created_at) AS first_seen
                FROM events
                WHERE account_id = :accountId AND environment IN (:environments)
                  AND agent_id IS NOT NULL AND event_type LIKE 'io.mindmesh.agent.%'
                GROUP BY agent_id
                ORDER BY first_seen, agent_id
                """)
                .setParameter("accountId", accountId)
                .setParameter("environments", environments.stream().map(Environment::value).toList())
                .unwrap(NativeQuery.class)
                .addScalar("agent_id", String.class)
                .addScalar("display_name", String.class)
                .addScalar("first_seen", Instant.class)
                .setTupleTransformer((tuple, aliases) ->
                        new SeenAgent((String) tuple[0], (String) tuple[1], (Instant) tuple[2]))
                .getResultList();
    }
}
