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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Serves execution streams from PostgreSQL, so any replica can serve any execution: each stream
 * reads the outbox for events after the last sequence it sent (one indexed query on the
 * {@code (execution_id, sequence)} key) whenever events of its execution were committed: on this
 * replica the commit itself wakes it, from another replica a PostgreSQL notification does. A
 * notification can be lost (while the listener reconnects), so a stream also reads every
 * {@code poll-interval}. A stream only reads: a client that disconnects stops its own loop and
 * nothing else.
 * <p>
 * Text that streaming llm steps receive ({@link StepDelta}) is not stored: it is handed to the open
 * streams of its execution ({@link #deliver}) and sent as {@code step.delta} events without an
 * {@code id}, so {@code Last-Event-ID} keeps resuming from stored events. A stream sends a step's
 * deltas only between that step's {@code agent.started} and its {@code agent.completed} /
 * {@code agent.failed} (whose output is the whole answer), whichever order they reached this replica in.
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
    /** What the streams open here for each execution share: their wake-up and their delta inboxes. */
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
            watched.values().forEach(Watched::committed);
        } else {
            Watched w = watched.get(executionId);
            if (w != null) {
                w.committed();
            }
        }
    }

    /** Hands a delta to the streams of its execution open on this replica; none open, nothing to do. */
    public void deliver(StepDelta delta) {
        Watched w = watched.get(delta.executionId());
        if (w != null) {
            w.inboxes().forEach(inbox -> inbox.add(delta));
            w.wakeup().signal();
        }
    }

    /**
     * {@code commits} counts the wake-ups for committed events: a stream woken only by deltas can
     * skip the outbox read, since every event committed before a delta was produced counted here
     * before the delta arrived.
     */
    private record Watched(Wakeup wakeup, AtomicLong commits, List<Queue<StepDelta>> inboxes) {

        Watched() {
            this(new Wakeup(), new AtomicLong(), new CopyOnWriteArrayList<>());
        }

        void committed() {
            commits.incrementAndGet();
            wakeup.signal();
        }
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
                Queue<StepDelta> inbox = new ConcurrentLinkedQueue<>();
                Watched shared = watched.compute(executionId, (id, w) -> {
                    Watched current = w == null ? new Watched() : w;
                    current.inboxes().add(inbox);
                    return current;
                });
                try {
                    pump(executionId, afterSequence, emitter, sse, shared, inbox);
                    emitter.complete();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    emitter.complete();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Stream of %s failed", executionId);
                    emitter.fail(e);
                } finally {
                    watched.computeIfPresent(executionId, (id, w) -> {
                        w.inboxes().remove(inbox);
                        return w.inboxes().isEmpty() ? null : w;
                    });
                    open.decrementAndGet();
                }
            });
        });
    }

    private void pump(String executionId, long afterSequence, MultiEmitter<? super OutboundSseEvent> emitter,
            Sse sse, Watched shared, Queue<StepDelta> inbox) throws InterruptedException {
        long cursor = afterSequence;
        long lastWrite = System.nanoTime();
        long lastRead = lastWrite;
        long commitsRead = -1;
        boolean readAgain = true;
        boolean behind = true;
        // A resumed stream goes on counting from the events the client already has.
        Resumed resumed = afterSequence <= 0 ? new Resumed(BigDecimal.ZERO, Set.of())
                : QuarkusTransaction.requiringNew().call(() -> resumedAt(executionId, afterSequence));
        BigDecimal costSoFar = resumed.costSoFar();
        Set<String> endedSteps = new HashSet<>(resumed.endedSteps());
        List<StepDelta> held = new ArrayList<>();
        while (!emitter.isCancelled()) {
            long seen = shared.wakeup().version();
            // Deltas first, then the commit count: a delta drained here was produced after its step's
            // agent.started was committed and counted, so the read below (or an earlier one) has it.
            for (StepDelta delta = inbox.poll(); delta != null; delta = inbox.poll()) {
                held.add(delta);
            }
            long commits = shared.commits().get();
            boolean wrote = false;
            if (readAgain || commits != commitsRead || System.nanoTime() - lastRead >= config.pollInterval().toNanos()) {
                commitsRead = commits;
                lastRead = System.nanoTime();
                long from = cursor;
                Batch batch = QuarkusTransaction.requiringNew().call(() -> read(executionId, from));
                for (OutboxEvent row : batch.events()) {
                    ObjectNode data = dataOf(row);
                    String ended = endedStep(row, data);
                    if (ended != null) {
                        emitDeltas(held, ended, emitter, sse);
                        endedSteps.add(ended);
                    }
                    costSoFar = costSoFar.add(completedCost(row, data));
                    data.put("costSoFar", costSoFar);
                    emitter.emit(sse.newEventBuilder()
                            .id(Long.toString(row.sequence))
                            .name(row.eventType)
                            .data(data.toString())
                            .build());
                    cursor = row.sequence;
                    wrote = true;
                }
                if (batch.finished()) {
                    return;
                }
                // Read on after events: a batch may be full, or the status was read just before the
                // final event committed (its wake-up may have been counted before this read).
                readAgain = !batch.events().isEmpty();
                behind = batch.events().size() == BATCH;
            }
            // Behind a full batch a delta's agent.started may still be unread: its deltas wait.
            if (!behind) {
                held.removeIf(delta -> endedSteps.contains(delta.stepId()));
                wrote |= !held.isEmpty();
                emitDeltas(held, null, emitter, sse);
            }
            if (wrote) {
                lastWrite = System.nanoTime();
            } else if (!readAgain) {
                if (System.nanoTime() - lastWrite >= config.heartbeatInterval().toNanos()) {
                    emitter.emit(sse.newEventBuilder().comment("heartbeat").build());
                    lastWrite = System.nanoTime();
                }
                long sinceWrite = System.nanoTime() - lastWrite;
                shared.wakeup().await(seen, min(config.pollInterval(),
                        config.heartbeatInterval().minusNanos(sinceWrite)));
            }
        }
    }

    /** Sends (and forgets) the held deltas of {@code stepId}, or all of them for null, in the order they came. */
    private void emitDeltas(List<StepDelta> held, String stepId, MultiEmitter<? super OutboundSseEvent> emitter,
            Sse sse) {
        held.removeIf(delta -> {
            if (stepId != null && !stepId.equals(delta.stepId())) {
                return false;
            }
            emitter.emit(sse.newEventBuilder().name(StepDelta.EVENT).data(json(delta)).build());
            return true;
        });
    }

    private String json(StepDelta delta) {
        try {
            return mapper.writeValueAsString(delta);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A step delta could not be written as JSON", e);
        }
    }

    /** The step an {@code agent.completed} or {@code agent.failed} event ends; null for any other event. */
    private static String endedStep(OutboxEvent row, JsonNode data) {
        boolean ends = EventType.AGENT_COMPLETED.publicName().equals(row.eventType)
                || EventType.AGENT_FAILED.publicName().equals(row.eventType);
        return ends && data.hasNonNull("stepId") ? data.get("stepId").asText() : null;
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

    /** Where a stream resumed after {@code sequence} stands: its cost so far and the steps already ended. */
    private record Resumed(BigDecimal costSoFar, Set<String> endedSteps) {
    }

    /** What the execution's agents completed up to and including {@code sequence} cost, and which steps ended there. */
    private Resumed resumedAt(String executionId, long sequence) {
        BigDecimal sum = BigDecimal.ZERO;
        Set<String> ended = new HashSet<>();
        for (OutboxEvent row : outbox.find("executionId = ?1 and sequence <= ?2 and eventType in ?3", executionId,
                sequence, List.of(EventType.AGENT_COMPLETED.publicName(), EventType.AGENT_FAILED.publicName())).list()) {
            ObjectNode data = dataOf(row);
            sum = sum.add(completedCost(row, data));
            String step = endedStep(row, data);
            if (step != null) {
                ended.add(step);
            }
        }
        return new Resumed(sum, ended);
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
