package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.orchestrator.webhook.WebhookDelivery;

/**
 * A delivery claimed by this replica for one attempt, with the subscription's secret in clear
 * (kept in memory only for signing; never logged).
 *
 * @param attempt the number of the attempt about to be made, from 1
 */
public record DueDelivery(WebhookDelivery delivery, int attempt, String secret) {

    @Override
    public String toString() {
        return "DueDelivery[" + delivery.id + ", attempt " + attempt + "]";
    }
}
