package io.mindmesh.orchestrator.outbox.messaging;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.jobs.PeriodicJobs;
import io.mindmesh.orchestrator.jobs.Wakeup;
import io.mindmesh.orchestrator.metrics.OrchestratorMetrics;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.NotificationListener;
import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in {@code relay-lanes} lanes by execution, each lane on a loop of
 * its own. A run takes its lane (a transaction-scoped advisory lock: a lane another replica is
 * publishing is skipped), locks a batch of the lane's unpublished rows, sends them, and marks as
 * published only the rows the broker acknowledged; the others stay and are sent again by a later
 * run. So one execution's events leave in the order they were written, while the lanes' waits for
 * the broker and the database overlap. Consumers deduplicate on the event id. A run starts as soon
 * as a transaction that wrote events commits, on any replica: the commit's notification
 * ({@code Outbox.append}) wakes every relay, several commits coalescing into one run, so a replica
 * busy relaying a backlog is helped by the idle ones on the other lanes. {@code relay-interval} is
 * only the safety net (lost notifications, rows the broker did not acknowledge).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final EventPublisher publisher;
    private final OrchestratorConfig config;
    private final PeriodicJobs jobs;
    private final OrchestratorMetrics metrics;
    private final Wakeup wakeup = new Wakeup();

    public OutboxRelay(OutboxRepository outbox, EventPublisher publisher, OrchestratorConfig config,
            PeriodicJobs jobs, OrchestratorMetrics metrics, NotificationListener notifications) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.jobs = jobs;
        this.metrics = metrics;
        notifications.subscribe(Channel.EVENTS, executionId -> wakeup.signal());
    }

    void start(@Observes StartupEvent event) {
        for (int lane = 0; lane < config.outbox().relayLanes(); lane++) {
            int own = lane;
            jobs.loop("outbox-relay-" + lane, config.outbox().relayInterval(), wakeup, () -> drain(own));
        }
    }

    /** Relays batch after batch while they come full, so a backlog drains without waiting an interval per batch. */
    void drain(int lane) {
        int relayed;
        do {
            relayed = relay(lane);
        } while (relayed == config.outbox().batchSize());
    }

    /**
     * Publishes one batch of {@code lane}; returns how many events the broker acknowledged, 0 when
     * another relay holds the lane. Four round trips to PostgreSQL and one flush to Kafka, whatever
     * the batch size: the lane's lock, one locking read, all sends handed to the producer at once and
     * flushed together, one update of the acknowledged rows.
     */
    @Transactional
    public int relay(int lane) {
        if (!outbox.tryLockLane(lane)) {
            return 0;
        }
        List<OutboxEvent> batch = outbox.lockUnpublished(config.outbox().batchSize(), lane,
                config.outbox().relayLanes());
        if (batch.isEmpty()) {
            return 0;
        }
        Map<OutboxEvent, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        for (OutboxEvent row : batch) {
            try {
                sent.put(row, publisher.send(row.executionId, row.payload, row.traceparent));
            } catch (RuntimeException e) {
                LOG.warnf("Kafka refused outbox event %s: %s", row.eventId, e.toString());
                break;
            }
        }
        // Sends go out now rather than after the producer's linger: the relay waits for them anyway.
        publisher.flush();
        List<OutboxEvent> acknowledged = awaitAcknowledgements(sent);
        Instant now = Instant.now();
        outbox.markPublished(acknowledged.stream().map(row -> row.id).toList(), now);
        acknowledged.forEach(row -> metrics.eventPublished(Duration.between(row.createdAt, now)));
        return acknowledged.size();
    }

    private List<OutboxEvent> awaitAcknowledgements(Map<OutboxEvent, Future<RecordMetadata>> sent) {
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<OutboxEvent> acknowledged = new ArrayList<>(sent.size());
        for (Map.Entry<OutboxEvent, Future<RecordMetadata>> entry : sent.entrySet()) {
            try {
                entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(entry.getKey());
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Outbox event row %d not acknowledged yet: %s", entry.getKey().id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acknowledged;
    }
}
