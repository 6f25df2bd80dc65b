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
     * locked so that another replica's dispatcher skips them.
     */
    @SuppressWarnings("unchecked")
    public List<WebhookDelivery> lockDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from webhook_deliveries
                where status = 'PENDING' and next_attempt_at <= ?1
                  and (lease_expires_at is null or lease_expires_at < ?1)
                order by next_attempt_at
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
