package io.mindmesh.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The orchestrator's own meters (Prometheus names in the README). Database-derived gauges (queue
 * depth, outbox backlog) are refreshed on a schedule, so that a scrape never queries the database.
 */
@ApplicationScoped
public class OrchestratorMetrics {

    private static final Logger LOG = Logger.getLogger(OrchestratorMetrics.class);

    private final MeterRegistry registry;
    private final OutboxRepository outbox;
    private final EntityManager em;
    private final OrchestratorConfig config;
    private final PeriodicJobs jobs;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final Map<String, AtomicLong> queueDepth = new ConcurrentHashMap<>();
    private final Timer publishDelay;
    /** Gauges read this instance's state: they leave the registry with it (see {@link #stop}). */
    private final List<Gauge> gauges = new ArrayList<>();

    public OrchestratorMetrics(MeterRegistry registry, OutboxRepository outbox, EntityManager em,
            OrchestratorConfig config, PeriodicJobs jobs) {
        this.registry = registry;
        this.outbox = outbox;
        this.em = em;
        this.config = config;
        this.jobs = jobs;
        gauges.add(Gauge.builder("mindmesh.outbox.backlog", outboxBacklog, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka").register(registry));
        publishDelay = Timer.builder("mindmesh.outbox.publish.delay")
                .description("Time from an event's write to the outbox to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        for (String tier : List.of(Tiers.DEVELOPER, Tiers.BUSINESS, Tiers.ENTERPRISE)) {
            AtomicLong depth = new AtomicLong();
            queueDepth.put(tier, depth);
            gauges.add(Gauge.builder("mindmesh.executions.queued", depth, AtomicLong::get).tag("tier", tier)
                    .description("PENDING executions waiting to be claimed").register(registry));
        }
    }

    void start(@Observes StartupEvent event) {
        jobs.every("metrics-refresh", config.metrics().refreshInterval(), this::refresh);
    }

    /**
     * The registry may outlive this instance (the global composite registry does when an application
     * restarts in one JVM, as tests do): a gauge left behind would read a collected value (NaN) and
     * shadow the next instance's gauge of the same name.
     */
    void stop(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }

    public void executionAccepted(ExecutionMode mode) {
        executions(ExecutionStatus.PENDING, mode).increment();
    }

    public void executionFinished(ExecutionStatus status, ExecutionMode mode) {
        executions(status, mode).increment();
    }

    /**
     * A settlement that did not go as planned: {@code capped} when the completed steps cost more
     * than the hold (an agent reporting absurd usage), {@code refused} when the wallet refused the
     * capture for good and the hold was released instead.
     */
    public void settlementAdjusted(String reason) {
        Counter.builder("mindmesh.settlements.adjusted")
                .description("Settlements capped at the hold or ended by a release after a refused capture")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void agentCall(String agentName, String outcome, Duration elapsed) {
        Timer.builder("mindmesh.agent.call.duration")
                .description("Duration of agent calls, by agent and outcome")
                .tags("agent", agentName, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    public void schedulingDelay(Duration delay) {
        Timer.builder("mindmesh.executions.scheduling.delay")
                .description("Time from acceptance to the first claim")
                .register(registry)
                .record(delay);
    }

    /** How long an event waited in the outbox before Kafka acknowledged it: the relay's publish latency. */
    public void eventPublished(Duration sinceWritten) {
        publishDelay.record(sinceWritten);
    }

    private Counter executions(ExecutionStatus status, ExecutionMode mode) {
        return Counter.builder("mindmesh.executions")
                .description("Executions reaching a status, by mode")
                .tags("status", status.name(), "mode", mode.name())
                .register(registry);
    }

    /** Reads the gauges' values from the database. */
    public void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outboxBacklog.set(outbox.backlog());
                queueDepth.values().forEach(depth -> depth.set(0));
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery(
                        "select tier, count(*) from executions where status = 'PENDING' group by tier")
                        .getResultList();
                for (Object[] row : rows) {
                    AtomicLong depth = queueDepth.get((String) row[0]);
                    if (depth != null) {
                        depth.set(((Number) row[1]).longValue());
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("Metrics refresh skipped: %s", e.toString());
        }
    }
}
