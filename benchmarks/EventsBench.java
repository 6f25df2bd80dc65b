import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events per second through the platform's event path (orchestrator outbox -> relay -> Kafka ->
 * analytics consumer -> analytics' events table) beside a bare Kafka producer and consumer on the
 * same broker, with the same number of records of the same sizes.
 *
 * <p>Pipeline case: one transaction inserts {@code events / 4} finished executions and their four
 * lifecycle events (execution.started, agent.started, agent.completed, execution.completed) into
 * the orchestrator's {@code executions} and {@code outbox_events}, in the CloudEvents JSON that
 * {@code Outbox.append} writes. The clock starts at the commit (the relay can see nothing before)
 * and stops when analytics' {@code events} holds them all. The time at which the relay has
 * marked every row published is reported too.
 *
 * <p>Baseline case: a plain producer (acks=all, idempotent, the relay's settings) sends the same
 * payloads, keyed by execution id, to a fresh 3-partition topic; a plain consumer subscribed
 * beforehand reads them. The clock starts at the first send and stops at the last record read.
 *
 * <p>Work per event over the measured pipeline cases, from {@code pg_stat_statements} of each
 * database (the services' statements; the benchmark's own carry a {@code /* bench *}{@code /}
 * comment and are left out) and {@code pg_stat_database}: statements, commits, Kafka records per relay flush (the relay
 * flushes once and marks once per batch) and events per analytics insert.
 *
 * <p>{@code retained=N} first fills the outbox with N rows published within the last 71 hours
 * (what 72 hours of retention keep), so the relay's rate shows whether they slow it down.
 *
 * <p>Usage: {@code java -cp <kafka libs>:<pgjdbc> EventsBench.java kafka=host:port
 * orchestrator=jdbc:... analytics=jdbc:... events=N warmup=N rounds=N [retained=N]}
 */
public class EventsBench {

    private static final int EVENTS_PER_EXECUTION = 4;
    private static final String PIPELINE_TOPIC = "mindmesh.execution-events";

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        EventsBench bench = new EventsBench(settings.get("kafka"), settings.get("orchestrator"),
                settings.get("analytics"));
        int events = Integer.parseInt(settings.get("events"));
        int warmup = Integer.parseInt(settings.get("warmup"));
        int rounds = Integer.parseInt(settings.get("rounds"));
        System.out.printf("load average at start: %s%n", loadAverage());
        bench.retain(Integer.parseInt(settings.getOrDefault("retained", "0")));
        bench.run(events - events % EVENTS_PER_EXECUTION, warmup - warmup % EVENTS_PER_EXECUTION, rounds);
    }

    private final String bootstrap;
    private final String orchestratorJdbc;
    private final String analyticsJdbc;

    EventsBench(String bootstrap, String orchestratorJdbc, String analyticsJdbc) {
        this.bootstrap = bootstrap;
        this.orchestratorJdbc = orchestratorJdbc;
        this.analyticsJdbc = analyticsJdbc;
    }

    /** One outbox row: {@code json} is the CloudEvent, {@code type} its public name. */
    record Event(String id, String executionId, int sequence, String type, String json) {
    }

    record Batch(String account, List<Event> events) {
        int bytes() {
            return events.stream().mapToInt(e -> e.json().length()).sum();
        }
    }

    record Pipeline(double seconds, double relaySeconds) {
    }

    /** The services' cumulative work in one database, from pg_stat_statements. */
    record Work(long statements, long commits, long relayFlushes, long analyticsInserts) {
        Work minus(Work before) {
            return new Work(statements - before.statements, commits - before.commits,
                    relayFlushes - before.relayFlushes, analyticsInserts - before.analyticsInserts);
        }
    }

    private static String loadAverage() throws Exception {
        String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
        return String.join(" ", fields[0], fields[1], fields[2]);
    }

    /**
     * Fills the outbox with {@code rows} published events of finished executions in one
     * server-side statement each (generate_series), as 72 hours of retention would keep them.
     */
    void retain(int rows) throws SQLException {
        if (rows <= 0) {
            return;
        }
        long began = System.nanoTime();
        String payload = batch("acc_bench_retained", EVENTS_PER_EXECUTION).events().get(2).json().replace("'", "''");
        try (Connection db = DriverManager.getConnection(orchestratorJdbc); var statement = db.createStatement()) {
            statement.execute("""
                    /* bench */ insert into executions (id, account_id, tier, environment, request_id, status, query, mode,
                        aggregation_strategy, max_agents, min_confidence, estimated_cost, estimated_duration_ms,
                        actual_cost, hold_placed, concurrency_limit, event_sequence, created_at, started_at, completed_at)
                    select 'exec_r' || lpad(g::text, 15, '0'), 'acc_bench_retained', 'enterprise', 'live', 'req_bench',
                        'COMPLETED', 'benchmark', 'SEQUENTIAL', 'merge', 1, 0.5, 0.05, 1000, 0.0462, false, 1, 4,
                        now() - interval '71 hours', now() - interval '71 hours', now() - interval '71 hours'
                    from generate_series(1, %d) g""".formatted((rows + EVENTS_PER_EXECUTION - 1) / EVENTS_PER_EXECUTION));
            statement.execute("""
                    /* bench */ insert into outbox_events (event_id, execution_id, sequence, event_type, payload,
                        created_at, published_at)
                    select gen_random_uuid(), 'exec_r' || lpad(((g - 1) / 4 + 1)::text, 15, '0'), (g - 1) %% 4 + 1,
                        'agent.completed', '%s'::json,
                        now() - interval '71 hours' * (1 - g::float8 / %d), now() - interval '71 hours' * (1 - g::float8 / %d)
                    from generate_series(1, %d) g""".formatted(payload, rows, rows, rows));
            statement.execute("/* bench */ vacuum analyze outbox_events");
        }
        System.out.printf(Locale.ROOT, "outbox pre-filled with %d published rows (72 h of retention) in %.0f s%n",
                rows, (System.nanoTime() - began) / 1e9);
    }

    /**
     * Cumulative counts of the services' work in one database: statements from pg_stat_statements
     * (the benchmark's own are tagged and left out), commits from pg_stat_database. The benchmark's
     * reads never commit (they run in transactions it rolls back), so the commits are the services'
     * plus the benchmark's one outbox fill per round.
     */
    static Work work(String jdbc) throws Exception {
        Thread.sleep(1200); // pg_stat_database is flushed by the backends about once a second
        try (Connection db = DriverManager.getConnection(jdbc)) {
            db.setAutoCommit(false);
            try (PreparedStatement statement = db.prepareStatement("""
                    /* bench */ select coalesce(sum(calls), 0),
                        (select xact_commit from pg_stat_database where datname = current_database()),
                        coalesce(sum(calls) filter (where query like 'update outbox_events set published_at%'), 0),
                        coalesce(sum(calls) filter (where query like 'INSERT INTO events%'), 0)
                    from pg_stat_statements
                    where dbid = (select oid from pg_database where datname = current_database())
                      and query not like '/* bench */%'""");
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return new Work(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
            } finally {
                db.rollback();
            }
        }
    }

    void run(int events, int warmup, int rounds) throws Exception {
        Batch sample = batch("acc_bench_sample", events);
        System.out.printf(Locale.ROOT, "records: %d per case per round (%d executions x %d events),"
                        + " %.0f bytes of CloudEvents JSON on average%n",
                events, events / EVENTS_PER_EXECUTION, EVENTS_PER_EXECUTION, (double) sample.bytes() / events);
        if (warmup > 0) {
            long began = System.nanoTime();
            pipeline(batch("acc_bench_warmup", warmup));
            baseline(batch("acc_bench_warmup", warmup), "bench-baseline-warmup");
            System.out.printf(Locale.ROOT, "warm-up: %d records through each case in %.1f s (not counted)%n",
                    warmup, (System.nanoTime() - began) / 1e9);
        }
        double pipelineSeconds = 0;
        double relaySeconds = 0;
        double baselineSeconds = 0;
        List<String> byRound = new ArrayList<>();
        Work orchestratorWork = new Work(0, 0, 0, 0);
        Work analyticsWork = new Work(0, 0, 0, 0);
        for (int round = 1; round <= rounds; round++) {
            Pipeline p = null;
            double b = 0;
            // Alternate the order so that load from other processes falls on both cases alike.
            for (int k = 0; k < 2; k++) {
                boolean pipelineNow = (round % 2 == 1) == (k == 0);
                if (pipelineNow) {
                    Work orchestratorBefore = work(orchestratorJdbc);
                    Work analyticsBefore = work(analyticsJdbc);
                    p = pipeline(batch("acc_bench_r" + round, events));
                    orchestratorWork = sum(orchestratorWork, work(orchestratorJdbc).minus(orchestratorBefore));
                    analyticsWork = sum(analyticsWork, work(analyticsJdbc).minus(analyticsBefore));
                    System.out.printf(Locale.ROOT, "  round %d  outbox -> Kafka -> analytics  %9.1f events/s"
                            + "  (%.2f s; relay published all after %.2f s)%n",
                            round, events / p.seconds(), p.seconds(), p.relaySeconds());
                } else {
                    b = baseline(batch("acc_bench_r" + round, events), "bench-baseline-r" + round);
                    System.out.printf(Locale.ROOT, "  round %d  bare producer -> consumer     %9.1f events/s"
                            + "  (%.2f s)%n", round, events / b, b);
                }
            }
            pipelineSeconds += p.seconds();
            relaySeconds += p.relaySeconds();
            baselineSeconds += b;
            byRound.add(String.format(Locale.ROOT, "%.3f", b / p.seconds()));
        }
        long total = (long) events * rounds;
        double pipelineRate = total / pipelineSeconds;
        double baselineRate = total / baselineSeconds;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-46s %12s %10s%n", "case (" + total + " records over " + rounds + " rounds)",
                "events/s", "seconds");
        System.out.printf(Locale.ROOT, "%-46s %12.1f %10.2f%n", "outbox -> relay -> Kafka -> analytics (stored)",
                pipelineRate, pipelineSeconds);
        System.out.printf(Locale.ROOT, "%-46s %12.1f %10.2f%n", "  of which outbox -> relay -> Kafka (published)",
                total / relaySeconds, relaySeconds);
        System.out.printf(Locale.ROOT, "%-46s %12.1f %10.2f%n", "baseline: bare producer -> consumer",
                baselineRate, baselineSeconds);
        System.out.println();
        System.out.printf(Locale.ROOT, "ratio pipeline / baseline = %.3f   (by round: %s)%n",
                pipelineRate / baselineRate, String.join(", ", byRound));
        System.out.println();
        // The benchmark commits each round's outbox fill itself: one COMMIT per round is not the services'.
        Work orchestrator = orchestratorWork.minus(new Work(0, rounds, 0, 0));
        System.out.println("work per event (measured pipeline cases; pg_stat_statements and pg_stat_database, "
                + "including the services' periodic jobs):");
        System.out.printf(Locale.ROOT, "  orchestrator: %.3f statements, %.3f commits per event;"
                        + " %.1f Kafka records per relay send/flush (%d flushes)%n",
                (double) orchestrator.statements() / total, (double) orchestrator.commits() / total,
                (double) total / Math.max(1, orchestrator.relayFlushes()), orchestrator.relayFlushes());
        System.out.printf(Locale.ROOT, "  analytics:    %.3f statements, %.3f commits per event;"
                        + " %.1f events per insert (%d inserts)%n",
                (double) analyticsWork.statements() / total, (double) analyticsWork.commits() / total,
                (double) total / Math.max(1, analyticsWork.analyticsInserts()), analyticsWork.analyticsInserts());
    }

    private static Work sum(Work a, Work b) {
        return new Work(a.statements() + b.statements(), a.commits() + b.commits(),
                a.relayFlushes() + b.relayFlushes(), a.analyticsInserts() + b.analyticsInserts());
    }

    /** {@code events / 4} finished executions of one account and their lifecycle events, as the orchestrator writes them. */
    static Batch batch(String account, int events) {
        List<Event> batch = new ArrayList<>(events);
        Instant now = Instant.now();
        for (int e = 0; e < events / EVENTS_PER_EXECUTION; e++) {
            String execution = executionId();
            String step = "step_" + executionId().substring(5);
            String agent = "agent_bench_" + (e % 10);
            String query = "Summarise the quarterly revenue report for the board, execution " + e;
            batch.add(event(1, "execution.started", execution, account, now,
                    "{\"executionId\":\"%s\",\"status\":\"RUNNING\",\"query\":\"%s\",\"mode\":\"SEQUENTIAL\"}"
                            .formatted(execution, query)));
            batch.add(event(2, "agent.started", execution, account, now,
                    ("{\"executionId\":\"%s\",\"status\":\"RUNNING\",\"mode\":\"SEQUENTIAL\",\"agentId\":\"%s\","
                            + "\"agentName\":\"Bench Agent\",\"stepId\":\"%s\"}").formatted(execution, agent, step)));
            batch.add(event(3, "agent.completed", execution, account, now,
                    ("{\"executionId\":\"%s\",\"status\":\"COMPLETED\",\"mode\":\"SEQUENTIAL\",\"agentId\":\"%s\","
                            + "\"agentName\":\"Bench Agent\",\"stepId\":\"%s\",\"cost\":0.042,\"durationMs\":%d,"
                            + "\"output\":{\"summary\":\"Revenue grew 12%% quarter over quarter, driven by"
                            + " enterprise renewals.\",\"confidence\":0.91}}")
                            .formatted(execution, agent, step, 100 + ThreadLocalRandom.current().nextInt(900))));
            batch.add(event(4, "execution.completed", execution, account, now,
                    ("{\"executionId\":\"%s\",\"status\":\"COMPLETED\",\"mode\":\"SEQUENTIAL\",\"cost\":0.0462,"
                            + "\"durationMs\":1234,\"output\":{\"summary\":\"Revenue grew 12%% quarter over"
                            + " quarter.\"}}").formatted(execution)));
        }
        return new Batch(account, batch);
    }

    private static Event event(int sequence, String type, String execution, String account, Instant time,
            String data) {
        String id = UUID.randomUUID().toString();
        return new Event(id, execution, sequence, type, ("{\"specversion\":\"1.0\",\"id\":\"%s\","
                + "\"source\":\"/orchestrator\",\"type\":\"io.mindmesh.%s\","
                + "\"subject\":\"%s\",\"time\":\"%s\",\"datacontenttype\":\"application/json\",\"accountid\":\"%s\","
                + "\"environment\":\"live\",\"requestid\":\"req_bench\",\"sequence\":%d,\"data\":%s}")
                .formatted(id, type, execution, time, account, sequence, data));
    }

    private static String executionId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("exec_");
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    // ---- pipeline ---------------------------------------------------------------------------

    Pipeline pipeline(Batch batch) throws Exception {
        try (Connection orchestrator = DriverManager.getConnection(orchestratorJdbc + "&reWriteBatchedInserts=true");
                Connection analytics = DriverManager.getConnection(analyticsJdbc)) {
            // Polled in transactions that are rolled back, so that they add no commits to the services'
            // (read committed: every count still sees what was committed meanwhile).
            analytics.setAutoCommit(false);
            fillOutbox(orchestrator, batch);
            long began = System.nanoTime();
            double relaySeconds = Double.NaN;
            long deadline = began + Duration.ofMinutes(5).toNanos();
            while (true) {
                if (Double.isNaN(relaySeconds) && count(orchestrator,
                        "/* bench */ select count(*) from outbox_events where published_at is null", null) == 0) {
                    relaySeconds = (System.nanoTime() - began) / 1e9;
                }
                long stored = count(analytics, "/* bench */ select count(*) from events where account_id = ?", batch.account());
                if (stored >= batch.events().size()) {
                    double seconds = (System.nanoTime() - began) / 1e9;
                    if (stored != batch.events().size()) {
                        throw new IllegalStateException("analytics holds " + stored + " events of " + batch.account()
                                + ", expected " + batch.events().size());
                    }
                    orchestrator.rollback();
                    analytics.rollback();
                    return new Pipeline(seconds, Double.isNaN(relaySeconds) ? seconds : relaySeconds);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("analytics stored only " + stored + " of "
                            + batch.events().size() + " events in 5 minutes");
                }
                Thread.sleep(20);
            }
        }
    }

    /** One transaction: the relay sees all rows at the commit, and nothing before; leaves autocommit off. */
    private static void fillOutbox(Connection db, Batch batch) throws SQLException {
        db.setAutoCommit(false);
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement execution = db.prepareStatement("""
                /* bench */ insert into executions (id, account_id, tier, environment, request_id, status, query, mode,
                    aggregation_strategy, max_agents, min_confidence, estimated_cost, estimated_duration_ms,
                    actual_cost, hold_placed, concurrency_limit, event_sequence, created_at, started_at, completed_at)
                values (?, ?, 'enterprise', 'live', 'req_bench', 'COMPLETED', 'benchmark', 'SEQUENTIAL',
                    'merge', 1, 0.5, 0.05, 1000, 0.0462, false, 1, 4, ?, ?, ?)""");
                PreparedStatement outbox = db.prepareStatement("""
                /* bench */ insert into outbox_events (event_id, execution_id, sequence, event_type, payload, created_at)
                values (cast(? as uuid), ?, ?, ?, cast(? as json), ?)""")) {
            for (Event event : batch.events()) {
                if (event.sequence() == 1) {
                    execution.setString(1, event.executionId());
                    execution.setString(2, batch.account());
                    execution.setTimestamp(3, now);
                    execution.setTimestamp(4, now);
                    execution.setTimestamp(5, now);
                    execution.addBatch();
                }
                outbox.setString(1, event.id());
                outbox.setString(2, event.executionId());
                outbox.setLong(3, event.sequence());
                outbox.setString(4, event.type());
                outbox.setString(5, event.json());
                outbox.setTimestamp(6, now);
                outbox.addBatch();
            }
            execution.executeBatch();
            outbox.executeBatch();
        }
        // As Outbox.append does: the commit notifies the relays of every replica.
        try (PreparedStatement notify = db.prepareStatement("/* bench */ select pg_notify('mindmesh_events', ?)")) {
            notify.setString(1, batch.events().getFirst().executionId());
            notify.executeQuery().close();
        }
        db.commit();
    }

    private static long count(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    // ---- baseline ---------------------------------------------------------------------------

    /** @return seconds from the first send to the last record read */
    double baseline(Batch batch, String topic) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            int partitions = client.describeTopics(List.of(PIPELINE_TOPIC)).allTopicNames().get()
                    .get(PIPELINE_TOPIC).partitions().size();
            client.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        int expected = batch.events().size();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] lastRead = new long[1];
        Object ready = new Object();
        boolean[] assigned = new boolean[1];
        Thread reader = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, topic,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                int read = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (read < expected && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    if (!consumer.assignment().isEmpty()) {
                        synchronized (ready) {
                            assigned[0] = true;
                            ready.notifyAll();
                        }
                    }
                    read += records.count();
                }
                lastRead[0] = System.nanoTime();
                if (read != expected) {
                    throw new IllegalStateException("baseline consumer read " + read + " of " + expected);
                }
            } catch (Throwable t) {
                failure.set(t);
                synchronized (ready) {
                    assigned[0] = true;
                    ready.notifyAll();
                }
            }
        });
        synchronized (ready) {
            while (!assigned[0]) {
                ready.wait();
            }
        }
        long began;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            began = System.nanoTime();
            for (int i = 0; i < expected; i++) {
                Event event = batch.events().get(i);
                producer.send(new ProducerRecord<>(topic, event.executionId(), event.json()));
            }
            producer.flush();
        }
        reader.join();
        if (failure.get() != null) {
            throw new IllegalStateException("baseline failed", failure.get());
        }
        return (lastRead[0] - began) / 1e9;
    }
}
