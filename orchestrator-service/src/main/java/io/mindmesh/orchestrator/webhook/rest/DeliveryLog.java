package io.mindmesh.orchestrator.webhook.rest;

import java.util.List;

/** {@code GET /v1/executions/{id}/webhooks}: the deliveries in the order their events happened. */
public record DeliveryLog(List<DeliveryView> data) {
}
