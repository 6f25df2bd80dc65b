package io.mindmesh.orchestrator.outbox.repository;

import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /** The oldest unpublished events, locked so that another replica's relay skips them. */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnpublished(int limit) {
        return getEntityManager().createNativeQuery("""
                select * from outbox_events
                where published_at is null
                order by id
                limit ?1
                for update skip locked""", OutboxEvent.class)
                .setParameter(1, limit)
                .getResultList();
    }

    public void markPublished(List<Long> ids, Instant at) {
        if (!ids.isEmpty()) {
            update("publishedAt = ?1 where id in ?2", at, ids);
        }
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
