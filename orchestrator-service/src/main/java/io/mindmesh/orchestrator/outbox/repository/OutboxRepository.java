package io.mindmesh.orchestrator.outbox.repository;

import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.hibernate.jpa.HibernateHints;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /** The first key of the relay lanes' advisory locks ("outb" in ASCII; the second key is the lane). */
    private static final int RELAY_LANE_LOCKS = 0x6f757462;
    /** A row's lane before the modulo by the number of lanes: a non-negative hash of its execution. */
    private static final String LANE_HASH = "(hashtext(execution_id) & 2147483647)";

    /** The key of the current transaction's events waiting for {@link #insertAtCommit}'s statement. */
    private static final Object PENDING = new Object();

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;

    OutboxRepository(DataSource dataSource, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    /**
     * Stores {@code row} with the current transaction, in one multi-row {@code INSERT} of all the
     * events the transaction appended, run just before it commits, after Hibernate's flush (so
     * the executions they reference are stored). An admission appends one event per started step
     * and an outcome several; as entities, each was a round trip of its own, since an
     * {@code IDENTITY} id keeps Hibernate from batching. The ids are drawn in append order, so the
     * relay's order by id keeps each execution's sequence. Nothing in the transaction reads them.
     */
    public void insertAtCommit(OutboxEvent row) {
        @SuppressWarnings("unchecked")
        List<OutboxEvent> pending = (List<OutboxEvent>) transactions.getResource(PENDING);
        if (pending == null) {
            List<OutboxEvent> rows = new ArrayList<>();
            transactions.putResource(PENDING, rows);
            getEntityManager().unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks()
                    .registerCallback((BeforeCompletionCallback) session -> session.doWork(c -> insert(c, rows)));
            pending = rows;
        }
        pending.add(row);
    }

    private static void insert(Connection connection, List<OutboxEvent> rows) throws SQLException {
        int n = rows.size();
        Object[] eventIds = new Object[n];
        Object[] executionIds = new Object[n];
        Object[] sequences = new Object[n];
        Object[] types = new Object[n];
        Object[] payloads = new Object[n];
        Object[] createdAt = new Object[n];
        Object[] traceparents = new Object[n];
        for (int i = 0; i < n; i++) {
            OutboxEvent row = rows.get(i);
            eventIds[i] = row.eventId;
            executionIds[i] = row.executionId;
            sequences[i] = row.sequence;
            types[i] = row.eventType;
            payloads[i] = row.payload;
            createdAt[i] = row.createdAt.toString();
            traceparents[i] = row.traceparent;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outbox_events
                    (event_id, execution_id, sequence, event_type, payload, created_at, traceparent)
                select e.event_id, e.execution_id, e.sequence, e.event_type, e.payload::json,
                       e.created_at::timestamptz, e.traceparent
                from unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])
                     with ordinality
                     as e(event_id, execution_id, sequence, event_type, payload, created_at, traceparent, n)
                order by e.n""")) {
            insert.setArray(1, connection.createArrayOf("uuid", eventIds));
            insert.setArray(2, connection.createArrayOf("text", executionIds));
            insert.setArray(3, connection.createArrayOf("bigint", sequences));
            insert.setArray(4, connection.createArrayOf("text", types));
            insert.setArray(5, connection.createArrayOf("text", payloads));
            insert.setArray(6, connection.createArrayOf("text", createdAt));
            insert.setArray(7, connection.createArrayOf("text", traceparents));
            insert.executeUpdate();
        }
    }

    /**
     * The lanes of {@code lanes} that have unpublished events, in one autocommit statement outside
     * any transaction: each lane's check stops at its first row of the partial index on unpublished
     * rows, so a backlog costs no more than an empty outbox. Rows a relay is publishing count too.
     */
    public List<Integer> lanesWithEvents(int lanes) throws SQLException {
        List<Integer> found = new ArrayList<>(lanes);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select lane from generate_series(0, ? - 1) lane
                        where exists (select 1 from outbox_events
                                      where published_at is null and %s %% ? = lane)""".formatted(LANE_HASH))) {
            select.setInt(1, lanes);
            select.setInt(2, lanes);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getInt(1));
                }
            }
        }
        return found;
    }

    /**
     * Takes lane {@code lane} for the current transaction, unless a relay on any replica holds it:
     * one relay at a time publishes a lane, so the lane's events leave in the order they were written.
     */
    public boolean tryLockLane(int lane) {
        // Plain JDBC: as a native query with a Boolean result, each call added an entry to Hibernate's
        // query plan cache that no later call matched, all of one hash; looking them up was 7 % of the
        // orchestrator's CPU under load (async-profiler: ConcurrentHashMap tree bins of
        // SelectInterpretationsKey).
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, RELAY_LANE_LOCKS);
                lock.setInt(2, lane);
                try (ResultSet row = lock.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    /**
     * The oldest unpublished events of lane {@code lane} of {@code lanes} (all the events of one
     * execution are in one lane), locked. Read through the partial index on unpublished rows, so
     * the published rows kept for retention cost nothing; loaded read-only, since the relay changes
     * them with {@link #markPublished} only.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnpublished(int limit, int lane, int lanes) {
        return getEntityManager().createNativeQuery("""
                select * from outbox_events
                where published_at is null and %s %% ?2 = ?3
                order by id
                limit ?1
                for update skip locked""".formatted(LANE_HASH), OutboxEvent.class)
                .setParameter(1, limit)
                .setParameter(2, lanes)
                .setParameter(3, lane)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
    }

    /** One statement for any number of rows: the ids travel as one array parameter. */
    public void markPublished(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update outbox_events set published_at = ? where id = any(?)")) {
                update.setObject(1, at.atOffset(ZoneOffset.UTC));
                update.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                update.executeUpdate();
            }
        });
    }

    /**
     * Deletes up to {@code limit} events published before {@code before}; rows another replica is
     * deleting are skipped, so replicas share the work instead of waiting on each other.
     */
    public int deletePublishedBefore(Instant before, int limit) {
        return getEntityManager().createNativeQuery("""
                delete from outbox_events where id in (
                    select id from outbox_events
                    where published_at < ?1
                    order by id
                    limit ?2
                    for update skip locked)""")
                .setParameter(1, before)
                .setParameter(2, limit)
                .executeUpdate();
    }

    public long backlog() {
        return count("publishedAt is null");
    }

    public List<OutboxEvent> forExecution(String executionId) {
        return list("executionId = ?1 order by sequence", executionId);
    }
}
