package io.mindmesh.orchestrator.webhook.service;

import java.util.Locale;

/** What followed an attempt; the {@code outcome} label of the delivery metrics. */
public enum DeliveryOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** It failed and another attempt is scheduled. */
    RETRYING,
    /** It failed and no attempt follows (attempts or retry window exhausted, or the address was refused). */
    FAILED,
    /** This replica lost the lease meanwhile; the result was not recorded. */
    STALE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
