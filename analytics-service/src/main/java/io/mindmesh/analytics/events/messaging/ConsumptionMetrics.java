package io.mindmesh.analytics.events.messaging;

import io.mindmesh.analytics.events.service.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code analytics_events_consumed_total{type, outcome}}: every record of the topic is counted once. */
@ApplicationScoped
public class ConsumptionMetrics {

    static final String NAME = "analytics.events.consumed";
    /** The type tag of a record that could not be read at all. */
    static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;

    public ConsumptionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void consumed(String type, Outcome outcome) {
        Counter.builder(NAME)
                .description("Execution events consumed from Kafka, by event type and outcome")
                .tag("type", type)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }
}
