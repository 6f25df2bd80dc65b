package io.mindmesh.orchestrator.webhook.messaging;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.webhook.service.AttemptResult;
import io.mindmesh.orchestrator.webhook.service.DeliveryOutcome;
import io.mindmesh.orchestrator.webhook.service.DueDelivery;
import io.mindmesh.orchestrator.webhook.service.WebhookDeliveries;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. Every replica runs it: a run leases the due rows it claims (other replicas
 * skip them). The deliveries of one execution are attempted one after the other in the order their
 * events happened, each execution on its own virtual thread so that a slow receiver delays nobody
 * else. A replica that dies mid-attempt leaves a lease that expires; the delivery is then sent again.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** Retries are claimed by their due time: within one execution the events' own order decides. */
    private static final Comparator<DueDelivery> IN_EVENT_ORDER = Comparator
            .comparing((DueDelivery due) -> due.delivery().occurredAt)
            .thenComparing(due -> due.delivery().id);

    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final OrchestratorConfig.Webhooks config;
    private final PeriodicJobs jobs;
    private final String owner = "webhooks/" + UUID.randomUUID();
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSender sender, WebhookMetrics metrics,
            OrchestratorConfig config, PeriodicJobs jobs) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.jobs = jobs;
    }

    void start(@Observes StartupEvent event) {
        jobs.every("webhook-dispatch", config.dispatchInterval(), this::dispatch);
    }

    void stop(@Observes ShutdownEvent event) {
        attempts.shutdownNow();
    }

    void dispatch() {
        Map<String, List<DueDelivery>> byExecution = new LinkedHashMap<>();
        for (DueDelivery due : deliveries.claimDue(owner, config.batchSize())) {
            byExecution.computeIfAbsent(due.delivery().executionId, id -> new ArrayList<>()).add(due);
        }
        for (List<DueDelivery> inOrder : byExecution.values()) {
            inOrder.sort(IN_EVENT_ORDER);
            attempts.submit(() -> inOrder.forEach(this::attempt));
        }
    }

    private void attempt(DueDelivery due) {
        AttemptResult result = sender.send(due);
        DeliveryOutcome outcome = deliveries.record(owner, due, result);
        metrics.attempted(due.delivery().eventType, outcome, result.duration());
        if (outcome != DeliveryOutcome.DELIVERED) {
            LOG.infof("Webhook delivery %s (%s) attempt %d: %s, %s", due.delivery().id, due.delivery().eventType,
                    due.attempt(), result.error(), outcome.label());
        }
    }
}
