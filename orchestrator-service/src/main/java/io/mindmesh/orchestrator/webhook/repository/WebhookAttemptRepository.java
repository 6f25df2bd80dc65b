package io.mindmesh.orchestrator.webhook.repository;

import io.mindmesh.orchestrator.webhook.WebhookAttempt;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WebhookAttemptRepository implements PanacheRepositoryBase<WebhookAttempt, Long> {

    public List<WebhookAttempt> forDeliveries(List<String> deliveryIds) {
        return deliveryIds.isEmpty() ? List.of()
                : list("deliveryId in ?1 order by deliveryId, attempt", deliveryIds);
    }
}
