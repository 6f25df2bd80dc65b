package io.mindmesh.orchestrator.stream.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.events.EventType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.jobs.Wakeup;
import io.mindmesh.orchestrator.notification.Channel;
import io.mindmesh.orchestrator.notification.NotificationListener;
import io.mindmesh.orchestrator.outbox.EventAppended;
import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves execution streams from PostgreSQL, so any replica can serve any execution: each stream
 * reads the outbox for events after the last sequence it sent (one indexed query on the
 * {@code (execution_id, sequence)} key) whenever events of its execution were committed: on this
 * replica the commit itself wakes it, from another replica a PostgreSQL notification does. A
 * notification can be lost (while the listener reconnects), so a stream also reads every
 * {@code poll-interval}. A stream only reads: a client that disconnects stops its own loop and
 * nothing else.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);
    private static final int BATCH = 100;

    private final ExecutionRepository executions;
    private final OutboxRepository outbox;
    private final ObjectMapper mapper;
    private final OrchestratorConfig.Stream config;
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    /** The wake-up of each execution with a stream open here, and how many streams share it. */
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    public EventStreams(ExecutionRepository executions, OutboxRepository outbox, ObjectMapper mapper,
            OrchestratorConfig config, MeterRegistry registry, NotificationListener notifications) {
        this.executions = executions;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config.stream();
        Gauge.builder("orchestrator.open.streams", open, AtomicInteger::get)
                .description("Execution event streams open on this replica").register(registry);
        notifications.subscribe(Channel.EVENTS, this::wake);
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended appended) {
        wake(appended.execution().id);
    }

    /** Wakes the streams of {@code executionId}; of every execution for null (notifications may have been lost). */
    private void wake(String executionId) {
        if (executionId == null) {
            watched.values().forEach(w -> w.wakeup().signal());
        } else {
            Watched w = watched.get(executionId);
            if (w != null) {
                w.wakeup().signal();
            }
        }
    }

    private record Watched(Wakeup wakeup, int streams) {
    }

    /** 404 for an unknown execution or one the caller may not see, before anything is streamed. */
    @Transactional
    public void requireOwned(Caller caller, String executionId) {
        executions.requireOwned(executionId, caller);
    }

    /**
     * The execution's events after {@code afterSequence}, read on a thread of their own until the
     * final event. A {@link Multi} rather than writing to an {@code SseEventSink} from that thread:
     * a sink written before the resource method returned was sometimes closed by the framework,
     * which cut replays of finished executions short; the framework subscribes once it is ready.
     * A client that disconnects cancels the subscription; the reading thread sees it before its next
     * read (it is not interrupted: an interrupt would break the JDBC connection it may be using).
     */
    public Multi<OutboundSseEvent> open(String executionId, long afterSequence, Sse sse) {
        return Multi.createFrom().emitter(emitter -> {
            open.incrementAndGet();
            streams.submit(() -> {
                Wakeup wakeup = watched.compute(executionId,
                        (id, w) -> w == null ? new Watched(new Wakeup(), 1) : new Watched(w.wakeup(), w.streams() + 1))
                        .wakeup();
                try {
                    pump(executionId, afterSequence, emitter, sse, wakeup);
                    emitter.complete();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    emitter.complete();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Stream of %s failed", executionId);
                    emitter.fail(e);
                } finally {
                    watched.computeIfPresent(executionId,
                            (id, w) -> w.streams() == 1 ? null : new Watched(w.wakeup(), w.streams() - 1));
                    open.decrementAndGet();
                }
            });
        });
    }

    private void pump(String executionId, long afterSequence, MultiEmitter<? super OutboundSseEvent> emitter,
            Sse sse, Wakeup wakeup) throws InterruptedException {
        long cursor = afterSequence;
        long lastWrite = System.nanoTime();
        // A resumed stream goes on counting from the events the client already has.
        BigDecimal costSoFar = afterSequence <= 0 ? BigDecimal.ZERO
                : QuarkusTransaction.requiringNew().call(() -> costUpTo(executionId, afterSequence));
        while (!emitter.isCancelled()) {
            long from = cursor;
            long seen = wakeup.version();
            Batch batch = QuarkusTransaction.requiringNew().call(() -> read(executionId, from));
            for (OutboxEvent row : batch.events()) {
                ObjectNode data = dataOf(row);
                costSoFar = costSoFar.add(completedCost(row, data));
                data.put("costSoFar", costSoFar);
                emitter.emit(sse.newEventBuilder()
                        .id(Long.toString(row.sequence))
                        .name(row.eventType)
                        .data(data.toString())
                        .build());
                cursor = row.sequence;
                lastWrite = System.nanoTime();
            }
            if (batch.finished()) {
                return;
            }
            if (batch.events().isEmpty()) {
                if (System.nanoTime() - lastWrite >= config.heartbeatInterval().toNanos()) {
                    emitter.emit(sse.newEventBuilder().comment("heartbeat").build());
                    lastWrite = System.nanoTime();
                }
                long sinceWrite = System.nanoTime() - lastWrite;
                wakeup.await(seen, min(config.pollInterval(),
                        config.heartbeatInterval().minusNanos(sinceWrite)));
            }
        }
    }

    /**
     * The next events after {@code cursor}. The status is read before the events: the final event
     * is committed with the terminal status, so when the status was already terminal, a batch that
     * is not full holds everything that is left and the stream may end.
     */
    private Batch read(String executionId, long cursor) {
        boolean terminal = executions.statusOf(executionId).map(ExecutionStatus::terminal).orElse(true);
        List<OutboxEvent> events = outbox.find("executionId = ?1 and sequence > ?2 order by sequence", executionId,
                cursor).page(Page.ofSize(BATCH)).list();
        return new Batch(events, terminal && events.size() < BATCH);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Batch(List<OutboxEvent> events, boolean finished) {
    }

    /** What the execution's agents completed up to and including {@code sequence} cost. */
    private BigDecimal costUpTo(String executionId, long sequence) {
        BigDecimal sum = BigDecimal.ZERO;
        for (OutboxEvent row : outbox.find("executionId = ?1 and sequence <= ?2 and eventType = ?3", executionId,
                sequence, EventType.AGENT_COMPLETED.publicName()).list()) {
            sum = sum.add(completedCost(row, dataOf(row)));
        }
        return sum;
    }

    /** The cost an {@code agent.completed} event adds; nothing for any other event. */
    private static BigDecimal completedCost(OutboxEvent row, JsonNode data) {
        JsonNode cost = data.get("cost");
        return EventType.AGENT_COMPLETED.publicName().equals(row.eventType) && cost != null && cost.isNumber()
                ? cost.decimalValue() : BigDecimal.ZERO;
    }

    /** The CloudEvent's {@code data}. */
    private ObjectNode dataOf(OutboxEvent row) {
        try {
            return (ObjectNode) mapper.readTree(row.payload).get("data");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox event " + row.eventId + " is not JSON", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        streams.shutdownNow();
    }
}
