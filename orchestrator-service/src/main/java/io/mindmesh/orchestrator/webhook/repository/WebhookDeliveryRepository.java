package io.mindmesh.orchestrator.webhook.repository;

import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    /**
     * Due deliveries that no replica is sending (no lease, or an expired one), oldest due first,
     * locked so that another replica's dispatcher skips them. A delivery waits while an earlier
     * delivery of the same execution is on its first attempt, so that a receiver sees one
     * execution's events in the order they happened (only a retry can come after a later event).
     */
    @SuppressWarnings("unchecked")
    public List<WebhookDelivery> lockDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from webhook_deliveries d
                where d.status = 'PENDING' and d.next_attempt_at <= ?1
                  and (d.lease_expires_at is null or d.lease_expires_at < ?1)
                  and not exists (
                      select 1 from webhook_deliveries e
                      where e.execution_id = d.execution_id and e.status = 'PENDING' and e.attempts = 0
                        and e.lease_expires_at >= ?1
                        and (e.occurred_at, e.id) < (d.occurred_at, d.id))
                order by d.next_attempt_at, d.occurred_at, d.id
                limit ?2
                for update skip locked""", WebhookDelivery.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
    }

    public Optional<WebhookDelivery> lock(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<WebhookDelivery> forExecution(String executionId) {
        return list("executionId = ?1 order by createdAt, id", executionId);
    }
}
