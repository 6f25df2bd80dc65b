package io.mindmesh.orchestrator.webhook;

/** PENDING waits for its next attempt; DELIVERED got a 2xx; FAILED gave up (attempts or time exhausted, or refused). */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED
}
