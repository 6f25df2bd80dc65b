package io.mindmesh.orchestrator.outbox.repository;

import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /**
     * The oldest unpublished events, locked so that another replica's relay skips them. Read through
     * the partial index on unpublished rows, so the published rows kept for retention cost nothing;
     * loaded read-only, since the relay changes them with {@link #markPublished} only.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnpublished(int limit) {
        return getEntityManager().createNativeQuery("""
                select * from outbox_events
                where published_at is null
                order by id
                limit ?1
                for update skip locked""", OutboxEvent.class)
                .setParameter(1, limit)
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
