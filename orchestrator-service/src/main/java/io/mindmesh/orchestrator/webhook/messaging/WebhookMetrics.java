package io.mindmesh.orchestrator.webhook.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mindmesh.orchestrator.webhook.service.DeliveryOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code orchestrator_webhook_deliveries_total{event,outcome}} and the attempt latency. */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<DeliveryOutcome, Timer> durations = new EnumMap<>(DeliveryOutcome.class);
    /** By event and outcome: five events by four outcomes at most, each built once. */
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            durations.put(outcome, Timer.builder("orchestrator.webhook.delivery.duration")
                    .description("Duration of webhook delivery attempts, until the receiver's answer or the failure")
                    .tags("outcome", outcome.label())
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    void attempted(String event, DeliveryOutcome outcome, Duration duration) {
        deliveries.computeIfAbsent(event + ' ' + outcome.label(), key -> Counter.builder("orchestrator.webhook.deliveries")
                .description("Webhook delivery attempts, by event and what followed (delivered, retrying, failed)")
                .tags("event", event, "outcome", outcome.label())
                .register(registry)).increment();
        durations.get(outcome).record(duration);
    }
}
