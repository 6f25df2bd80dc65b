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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the broker and the database overlap. Consumers deduplicate on the event id.
 *
 * <p>Which lanes run is decided by a dispatcher: a transaction that wrote events notifies every
 * replica at its commit ({@code Outbox.append}), and the dispatcher of each replica then asks, in
 * one statement, which lanes have unpublished events and wakes those lanes only, several commits
 * coalescing into one question. Waking every lane instead cost each notification a transaction
 * of three statements per empty lane: for a 3-agent run about 50 statements, nearly as many as the
 * run's own. A replica busy relaying a backlog is still helped by the idle ones on its other
 * lanes. Every {@code relay-interval} the dispatcher asks without a notification: the safety net
 * for lost notifications and for rows the broker did not acknowledge.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** A lane's own safety net, in relay intervals: normally the dispatcher wakes it. */
    private static final int LANE_SAFETY_NET_INTERVALS = 30;

    private final OutboxRepository outbox;
    private final EventPublisher publisher;
    private final OrchestratorConfig config;
    private final PeriodicJobs jobs;
    private final OrchestratorMetrics metrics;
    /** Woken by the commits' notifications: asks which lanes have events. */
    private final Wakeup dispatch = new Wakeup();
    /** Woken by the dispatcher, one per lane. */
    private final Wakeup[] lanes;

    public OutboxRelay(OutboxRepository outbox, EventPublisher publisher, OrchestratorConfig config,
            PeriodicJobs jobs, OrchestratorMetrics metrics, NotificationListener notifications) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.jobs = jobs;
        this.metrics = metrics;
        this.lanes = new Wakeup[config.outbox().relayLanes()];
        Arrays.setAll(lanes, lane -> new Wakeup());
        notifications.subscribe(Channel.EVENTS, executionId -> dispatch.signal());
    }

    void start(@Observes StartupEvent event) {
        Duration interval = config.outbox().relayInterval();
        for (int lane = 0; lane < lanes.length; lane++) {
            int own = lane;
            // The dispatcher wakes a lane with events; the lane's own interval only outlasts a dispatcher
            // stuck on a connection that hangs.
            jobs.loop("outbox-relay-" + lane, interval.multipliedBy(LANE_SAFETY_NET_INTERVALS), lanes[lane],
                    () -> drain(own));
        }
        jobs.loop("outbox-relay-dispatch", interval, dispatch, this::dispatch);
    }

    /** Wakes the lanes that have unpublished events. */
    void dispatch() {
        try {
            for (int lane : outbox.lanesWithEvents(lanes.length)) {
                lanes[lane].signal();
            }
        } catch (SQLException e) {
            LOG.warnf("Could not read which outbox lanes have events, every lane runs: %s", e.toString());
            Arrays.stream(lanes).forEach(Wakeup::signal);
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
