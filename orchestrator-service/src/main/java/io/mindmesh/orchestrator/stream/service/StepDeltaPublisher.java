package io.mindmesh.orchestrator.stream.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.NotificationListener;
import io.mindmesh.orchestrator.runtime.AgentCall;
import io.mindmesh.orchestrator.runtime.StepDeltas;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Sends the text streaming llm steps receive to the execution's streams on every replica, without
 * storing it (one outbox row per token would swamp the outbox, Kafka and analytics): on this
 * replica directly ({@link EventStreams#deliver}), to the others as a PostgreSQL
 * {@code NOTIFY mindmesh_step_deltas} whose payload is the delta as JSON plus this replica's id,
 * so that the listener here ignores its own. Tokens are gathered for up to
 * {@code stream.delta-interval} and at most {@link #MAX_CHARS} characters a delta, which keeps a
 * payload far below PostgreSQL's limit of 8000 bytes.
 * <p>
 * The notifications are sent by a thread of their own, never by the step's thread: a cancelled
 * step's thread is interrupted, and an interrupt would break a JDBC connection in use. A step waits
 * for its last delta to be sent before its completion is written, so that every replica receives
 * the deltas before the completed event (PostgreSQL delivers notifications in commit order).
 */
@ApplicationScoped
public class StepDeltaPublisher implements StepDeltas {

    private static final Logger LOG = Logger.getLogger(StepDeltaPublisher.class);
    /** Even written as JSON escapes of 6 bytes each, the text of a delta stays under 6200 bytes. */
    private static final int MAX_CHARS = 1024;
    /** Deltas waiting for the notifier; beyond this other replicas miss them (their completed events still come). */
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int NOTIFY_BATCH = 100;
    /** How long a finished step waits for its deltas to leave before its completion is written anyway. */
    private static final Duration FINISH_WAIT = Duration.ofSeconds(2);

    private final String origin = UUID.randomUUID().toString();
    private final EventStreams streams;
    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Duration interval;
    private final Counter published;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sent = lock.newCondition();
    private long lastQueued;
    private long sentThrough;
    private volatile Thread notifier;
    /** Set as shutdown begins: the loop must end even if a transaction swallowed the interrupt. */
    private volatile boolean stopped;

    public StepDeltaPublisher(EventStreams streams, AgroalDataSource dataSource, ObjectMapper mapper, OrchestratorConfig config,
            MeterRegistry registry, NotificationListener notifications) {
        this.streams = streams;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.interval = config.stream().deltaInterval();
        this.published = Counter.builder("mindmesh.llm.stream.deltas")
                .description("Deltas (gathered tokens) of streaming llm steps sent to the execution streams")
                .register(registry);
        notifications.subscribe(Channel.DELTAS, this::received);
    }

    void start(@Observes StartupEvent event) {
        notifier = Thread.ofVirtual().name("step-delta-notifier").start(this::notifyLoop);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (notifier != null) {
            notifier.interrupt();
            try {
                notifier.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Writer open(AgentCall call) {
        return new Coalescing(call);
    }

    /** One attempt's writer: gathers tokens and publishes them as numbered deltas. */
    private final class Coalescing implements Writer {

        private final DeltaCoalescer coalescer;
        private int index;
        private long lastSequence;

        Coalescing(AgentCall call) {
            this.coalescer = new DeltaCoalescer(interval, MAX_CHARS, System::nanoTime, text -> lastSequence = Math.max(
                    lastSequence, publish(new StepDelta(call.executionId(), call.stepId(), call.agent().id(), index++,
                            text))));
        }

        @Override
        public void append(String text) {
            coalescer.append(text);
        }

        @Override
        public void finish() throws InterruptedException {
            coalescer.flush();
            awaitSent(lastSequence);
        }
    }

    /** Delivers {@code delta} here and queues its notification; the notification's sequence (0: not queued). */
    private long publish(StepDelta delta) {
        published.increment();
        streams.deliver(delta);
        ObjectNode payload = mapper.valueToTree(delta);
        payload.put("origin", origin);
        lock.lock();
        try {
            Outgoing next = new Outgoing(lastQueued + 1, payload.toString());
            if (!outgoing.offer(next)) {
                LOG.warnf("Step delta of %s not sent to other replicas: %d deltas are waiting already",
                        delta.executionId(), QUEUE_CAPACITY);
                return 0;
            }
            lastQueued = next.sequence();
            return next.sequence();
        } finally {
            lock.unlock();
        }
    }

    private void awaitSent(long sequence) throws InterruptedException {
        long left = FINISH_WAIT.toNanos();
        lock.lock();
        try {
            while (sentThrough < sequence && left > 0) {
                left = sent.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private record Outgoing(long sequence, String payload) {
    }

    /**
     * Sends the queued notifications, many in one statement in autocommit (PostgreSQL delivers them
     * at its commit, in the order the aggregate called pg_notify: the array's).
     */
    private void notifyLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                Outgoing first = outgoing.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outgoing.drainTo(batch, NOTIFY_BATCH - 1);
                try {
                    send(batch);
                } catch (SQLException | RuntimeException e) {
                    LOG.warnf("%d step deltas not sent to other replicas: %s", batch.size(), e.toString());
                }
                lock.lock();
                try {
                    sentThrough = batch.getLast().sequence();
                    sent.signalAll();
                } finally {
                    lock.unlock();
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(List<Outgoing> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement(
                        "select count(pg_notify(?, payload)) from unnest(?::text[]) as payload")) {
            notify.setString(1, Channel.DELTAS.pgName());
            notify.setArray(2, connection.createArrayOf("text", batch.stream().map(Outgoing::payload).toArray()));
            notify.execute();
        }
    }

    /** A delta from another replica; a null payload (the listener reconnected) has nothing to replay. */
    private void received(String payload) {
        if (payload == null) {
            return;
        }
        try {
            JsonNode node = mapper.readTree(payload);
            if (origin.equals(node.path("origin").asText())) {
                return;
            }
            streams.deliver(new StepDelta(node.path("executionId").asText(), node.path("stepId").asText(),
                    node.path("agentId").asText(), node.path("index").asInt(), node.path("delta").asText()));
        } catch (JsonProcessingException e) {
            LOG.warnf("A step delta notification is not JSON: %s", e.getOriginalMessage());
        }
    }
}
