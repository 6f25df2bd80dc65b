package io.mindmesh.analytics.custom.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** {@code analytics_custom_events_total{outcome}}: every {@code POST /v1/events} the service reads, once. */
@ApplicationScoped
public class CustomEventMetrics {

    static final String NAME = "analytics.custom.events";

    public enum Outcome {
        /** Stored as a new event. */
        RECORDED,
        /** The same event id and body again: answered with the stored event, nothing written. */
        REPLAYED,
        /** The same event id with another body: refused with 409. */
        CONFLICT,
        /** Refused with 400 before anything was written. */
        INVALID;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    public CustomEventMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(NAME)
                    .description("Custom events sent to POST /v1/events, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
    }

    public void count(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
