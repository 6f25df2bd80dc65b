package io.mindmesh.orchestrator.outbox.repository;

import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.hibernate.jpa.HibernateHints;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /** The first key of the relay lanes' advisory locks ("outb" in ASCII; the second key is the lane). */
    private static final int RELAY_LANE_LOCKS = 0x6f757462;
    /** A row's lane before the modulo by the number of lanes: a non-negative hash of its execution. */
    private static final String LANE_HASH = "(hashtext(execution_id) & 2147483647)";

    private final DataSource dataSource;

    OutboxRepository(DataSource dataSource) {
        this.dataSource = dataSource;
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
