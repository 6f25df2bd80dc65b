import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load client of the orchestrator benchmark (run by {@code benchmarks/run.sh orchestrator}, which
 * starts PostgreSQL, Kafka and orchestrator-service first). Single-file program:
 * {@code java -cp <jackson jars> OrchestratorBench.java key=value...}.
 *
 * <p>It calls the orchestrator as the gateway does: with the gateway's service token (the
 * client-credentials grant of {@code clientId} in {@code realm}) and the account headers. It also
 * plays the agent registry: the orchestrator's {@code POST /internal/v1/selections} comes here
 * (with the orchestrator's service token, which this stand-in does not check) and is answered with
 * simulated agents whose number and latencies the query names ({@code "agents=5 slowest=200"}), so
 * every case picks its own agents without a catalog.
 * Executions are sandbox ones ({@code X-Environment: test}): no wallet call, simulated agents,
 * everything else (acceptance, PostgreSQL, scheduling, the engine, aggregation, settlement, the
 * outbox relay to Kafka) is the real orchestrator.
 * <ul>
 * <li>overhead: {@code threads} clients, each submitting a PARALLEL execution of
 * {@code overheadAgents} zero-latency agents and polling {@code GET /v1/executions/{id}} until it
 * finished, for {@code seconds} after a warm-up of {@code warmup} seconds or more (up to
 * {@code maxWarmup}, while the JIT compiler is busy): end-to-end p50 / p99, executions/s and the CPU
 * per execution;</li>
 * <li>parallel: one client, PARALLEL executions of 1, 5 and 10 agents whose latencies spread up to
 * {@code slowest} ms: the execution's run time (claim to completion) over the slowest agent's.</li>
 * <li>events: executions of one agent followed on their SSE stream: the final event's arrival on
 * the stream after the server's {@code completedAt}, and the outbox-to-Kafka delay from the
 * service's own histogram ({@code mindmesh_outbox_publish_delay_seconds}).</li>
 * <li>work: {@code workRuns} executions of {@code overheadAgents} zero-latency agents submitted one
 * after the other: PostgreSQL's committed transactions and statements ({@code pg_stat_database},
 * {@code pg_stat_statements}, read over {@code jdbc}) per execution, the background rate measured
 * while idle just before subtracted, and the registry selections this client answered.</li>
 * <li>in flight: {@code inflight} executions of one {@code inflightAgentMs} agent submitted by
 * {@code inflightClients} clients at once, over enterprise accounts of 100 each (the tier's
 * running limit): the most RUNNING at once, the replica's resident memory and threads then, and
 * that every one COMPLETED.</li>
 * </ul>
 */
public class OrchestratorBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    /** Often enough to see the end within a few ms, rarely enough that polling is not most of the load. */
    static final Duration POLL = Duration.ofMillis(20);

    final String orchestrator;
    final int registryPort;
    final int threads;
    final int seconds;
    final int warmup;
    final int maxWarmup;
    final int overheadAgents;
    final long slowest;
    final int parallelRuns;
    final int workRuns;
    final String jdbc;
    final int inflight;
    final long inflightAgentMs;
    final int inflightClients;
    final long pid;
    final AtomicInteger selections = new AtomicInteger();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final ServiceToken token;

    OrchestratorBench(Map<String, String> args) {
        orchestrator = args.get("orchestrator");
        registryPort = Integer.parseInt(args.get("registryPort"));
        threads = Integer.parseInt(args.getOrDefault("threads", "8"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "10"));
        maxWarmup = Integer.parseInt(args.getOrDefault("maxWarmup", String.valueOf(warmup)));
        overheadAgents = Integer.parseInt(args.getOrDefault("overheadAgents", "3"));
        slowest = Long.parseLong(args.getOrDefault("slowest", "200"));
        parallelRuns = Integer.parseInt(args.getOrDefault("parallelRuns", "10"));
        workRuns = Integer.parseInt(args.getOrDefault("workRuns", "20"));
        jdbc = args.get("jdbc");
        inflight = Integer.parseInt(args.getOrDefault("inflight", "1000"));
        inflightAgentMs = Long.parseLong(args.getOrDefault("inflightAgentMs", "20000"));
        inflightClients = Integer.parseInt(args.getOrDefault("inflightClients", "16"));
        pid = Long.parseLong(args.getOrDefault("pid", "0"));
        token = new ServiceToken(http, args.get("realm"), args.get("clientId"), args.get("clientSecret"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new OrchestratorBench(args).run();
    }

    void run() throws Exception {
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", registryPort), 100);
        registry.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        registry.createContext("/internal/v1/selections", exchange -> {
            selections.incrementAndGet();
            select(exchange);
        });
        registry.start();
        try {
            overhead();
            parallel();
            events();
            work();
            inflight();
        } finally {
            registry.stop(0);
        }
    }

    // ---- the registry's part -----------------------------------------------------------------

    /** Answers a selection with the agents the query names: {@code agents=N slowest=MS}. */
    static void select(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        Map<String, String> spec = new HashMap<>();
        for (String part : request.get("query").asText().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                spec.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        int agents = Integer.parseInt(spec.get("agents"));
        long slowest = Long.parseLong(spec.get("slowest"));
        ObjectNode selection = JSON.createObjectNode();
        ArrayNode selected = selection.putArray("selected");
        for (int i = 1; i <= agents; i++) {
            selected.add(agent(i, latency(i, agents, slowest)));
        }
        selection.putArray("rejected");
        byte[] body = JSON.writeValueAsBytes(selection);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Latencies spread evenly from half the slowest to the slowest; agent {@code agents} is the slowest. */
    static long latency(int i, int agents, long slowest) {
        return agents == 1 ? slowest : slowest / 2 + (slowest / 2) * (i - 1) / (agents - 1);
    }

    static ObjectNode agent(int i, long latencyMs) {
        ObjectNode agent = JSON.createObjectNode();
        agent.put("id", "agent_bench_" + i);
        agent.put("name", "bench-agent-" + i);
        agent.put("displayName", "Bench agent " + i);
        agent.put("vertical", "marketing");
        agent.putArray("capabilities").add("benchmark");
        agent.put("description", "A simulated agent of the benchmark");
        ObjectNode pricing = agent.putObject("pricing");
        pricing.put("basePrice", 0.01);
        pricing.put("variablePrice", 0.0001);
        pricing.put("unit", "tokens");
        pricing.put("typicalUnits", 100);
        agent.put("estimatedCost", 0.02);
        ObjectNode runtime = agent.putObject("runtime");
        runtime.put("type", "simulated");
        runtime.put("latencyMs", latencyMs);
        runtime.put("failureRate", 0.0);
        agent.put("typicalLatencyMs", latencyMs);
        agent.put("version", 1);
        agent.put("confidence", 0.9);
        return agent;
    }

    // ---- the orchestrator's client -------------------------------------------------------------

    /**
     * One finished execution as the client and the server saw it; {@code toAgentsMs} is the claim to
     * the first step's start, {@code afterAgentsMs} the last step's end to the completion.
     */
    record Run(long clientMs, long serverMs, long queuedMs, long runMs, long toAgentsMs, long afterAgentsMs) {
    }

    Run execute(String account, int agents, long slowestMs) throws Exception {
        long start = System.nanoTime();
        return awaitRun(account, submit(account, agents, slowestMs), start);
    }

    /** Submits a PARALLEL execution of {@code agents} simulated agents; returns its id. */
    String submit(String account, int agents, long slowestMs) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", "agents=" + agents + " slowest=" + slowestMs,
                "mode", "PARALLEL", "aggregationStrategy", "merge", "selectionCriteria", Map.of("maxAgents", agents)));
        HttpResponse<String> accepted = http.send(request("/v1/orchestrate", account)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/orchestrate answered " + accepted.statusCode() + ": "
                    + accepted.body());
        }
        return JSON.readTree(accepted.body()).get("executionId").asText();
    }

    /** Polls the execution until it finished; it must have COMPLETED. */
    Run awaitRun(String account, String id, long start) throws Exception {
        while (true) {
            HttpResponse<String> answer = http.send(request("/v1/executions/" + id, account).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/executions/" + id + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            JsonNode view = JSON.readTree(answer.body());
            String status = view.path("status").asText();
            if (TERMINAL.contains(status)) {
                long clientMs = (System.nanoTime() - start) / 1_000_000;
                if (!"COMPLETED".equals(status)) {
                    throw new IllegalStateException("execution " + id + " ended " + status + ": " + view.path("error"));
                }
                Instant created = Instant.parse(view.get("createdAt").asText());
                Instant started = Instant.parse(view.get("startedAt").asText());
                Instant completed = Instant.parse(view.get("completedAt").asText());
                Instant firstStep = completed;
                Instant lastStep = started;
                for (JsonNode step : view.path("steps")) {
                    Instant stepStarted = Instant.parse(step.get("startedAt").asText());
                    Instant stepCompleted = Instant.parse(step.get("completedAt").asText());
                    firstStep = stepStarted.isBefore(firstStep) ? stepStarted : firstStep;
                    lastStep = stepCompleted.isAfter(lastStep) ? stepCompleted : lastStep;
                }
                return new Run(clientMs, Duration.between(created, completed).toMillis(),
                        Duration.between(created, started).toMillis(), view.get("durationMs").asLong(),
                        Duration.between(started, firstStep).toMillis(), Duration.between(lastStep, completed).toMillis());
            }
            Thread.sleep(POLL);
        }
    }

    HttpRequest.Builder request(String path, String account) throws Exception {
        return HttpRequest.newBuilder(URI.create(orchestrator + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.value())
                .header("X-Account-Id", account).header("X-Account-Tier", "enterprise").header("X-Environment", "test");
    }

    /**
     * A client-credentials token, fetched again 30 s before it expires as the services do, so that
     * a run longer than the realm's token lifespan (300 s locally) keeps its calls authorised.
     */
    static final class ServiceToken {
        final HttpClient http;
        final HttpRequest grant;
        String value;
        Instant renewAt = Instant.MIN;

        ServiceToken(HttpClient http, String realm, String clientId, String clientSecret) {
            this.http = http;
            String form = "grant_type=client_credentials"
                    + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            grant = HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        }

        synchronized String value() throws Exception {
            if (Instant.now().isAfter(renewAt)) {
                HttpResponse<String> answer = http.send(grant, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("Keycloak's token endpoint answered " + answer.statusCode() + ": "
                            + answer.body());
                }
                JsonNode issued = JSON.readTree(answer.body());
                value = issued.get("access_token").asText();
                renewAt = Instant.now().plusSeconds(issued.get("expires_in").asLong() - 30);
            }
            return value;
        }
    }

    // ---- the two measurements ------------------------------------------------------------------

    void overhead() throws Exception {
        System.out.printf(Locale.ROOT, "%noverhead: PARALLEL executions of %d zero-latency simulated agents, %d clients"
                + " (one account each), %d s after a warm-up of %d s or more, until the JIT compiler settles (at most %d s)%n",
                overheadAgents, threads, seconds, warmup, Math.max(warmup, maxWarmup));
        warmUp();
        long began = System.nanoTime();
        Cpu orchestratorBefore = Cpu.of(pid);
        long clientCpuBefore = cpuMillis(ProcessHandle.current().pid());
        List<Run> runs = load(seconds);
        double elapsed = (System.nanoTime() - began) / 1e9;
        System.out.printf(Locale.ROOT, "  %d executions in %.1f s: %.1f executions/s%n", runs.size(), elapsed,
                runs.size() / elapsed);
        if (pid != 0) {
            Cpu orchestrator = Cpu.of(pid).since(orchestratorBefore);
            long orchestratorCpu = orchestrator.all();
            long clientCpu = cpuMillis(ProcessHandle.current().pid()) - clientCpuBefore;
            // The rate of identical runs moved by a third from one run to the next on a shared host: the
            // CPU each execution cost is the other figure to compare.
            System.out.printf(Locale.ROOT, "  %-52s %6.1f ms (%.2f cores); load client %.1f ms%n",
                    "CPU per execution: orchestrator-service", (double) orchestratorCpu / runs.size(),
                    orchestratorCpu / 1000.0 / elapsed, (double) clientCpu / runs.size());
            // On two cores the JIT compiles this application's long tail for minutes: its share says
            // how much of the figure above is warm-up rather than the orchestrator's own work.
            System.out.printf(Locale.ROOT, "  %-52s %6.1f ms (%.0f %% of it)%n", "  of which the JIT compiler's threads",
                    (double) orchestrator.compiler() / runs.size(), 100 * orchestrator.compilerShare());
        }
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "end to end, client (POST to final status seen)",
                pct(runs, Run::clientMs, 50), pct(runs, Run::clientMs, 99));
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "end to end, server (createdAt to completedAt)",
                pct(runs, Run::serverMs, 50), pct(runs, Run::serverMs, 99));
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "  of which queued (createdAt to claim)",
                pct(runs, Run::queuedMs, 50), pct(runs, Run::queuedMs, 99));
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "  of which running (claim to completedAt)",
                pct(runs, Run::runMs, 50), pct(runs, Run::runMs, 99));
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "    claim to the first agent's start",
                pct(runs, Run::toAgentsMs, 50), pct(runs, Run::toAgentsMs, 99));
        System.out.printf(Locale.ROOT, "  %-52s p50 %6d ms   p99 %6d ms%n", "    the last agent's end to completedAt",
                pct(runs, Run::afterAgentsMs, 50), pct(runs, Run::afterAgentsMs, 99));
    }

    /**
     * The overhead case's load for {@code warmup} seconds, then 10 s more at a time while the JIT
     * compiler's threads took more than a tenth of the orchestrator's CPU, up to {@code maxWarmup}
     * seconds in all: on two cores C2 works through this application's long tail of warm methods for
     * minutes, and a measurement taken meanwhile is of the compiler (here a quarter of the CPU or more
     * for the first three minutes).
     */
    void warmUp() throws Exception {
        load(warmup);
        int spent = warmup;
        List<String> shares = new ArrayList<>();
        while (pid != 0 && spent < maxWarmup) {
            Cpu before = Cpu.of(pid);
            load(10);
            spent += 10;
            double share = Cpu.of(pid).since(before).compilerShare();
            shares.add(String.format(Locale.ROOT, "%.0f %%", 100 * share));
            if (share <= 0.1) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "  warm-up %d s%s%n", spent, shares.isEmpty() ? "" : "; the JIT compiler's share of"
                + " the orchestrator's CPU in each 10 s after the first " + warmup + " s: " + String.join(", ", shares));
    }

    /** {@code threads} clients in a closed loop for {@code secs} seconds. */
    List<Run> load(int secs) throws Exception {
        long deadline = System.nanoTime() + secs * 1_000_000_000L;
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String account = "acc_bench_" + t + "_" + Long.toString(System.nanoTime(), 36);
                done.add(clients.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        runs.add(execute(account, overheadAgents, 0));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return runs;
    }

    void parallel() throws Exception {
        System.out.printf(Locale.ROOT, "%nparallel: one client, %d PARALLEL executions per size; agent latencies spread"
                + " from %d to %d ms (the slowest)%n", parallelRuns, slowest / 2, slowest);
        System.out.printf(Locale.ROOT, "  %-7s %12s %14s %14s %20s %22s %18s %18s%n", "agents", "sum of ms",
                "run p50 ms", "run max ms", "run p50 / slowest", "run p50 - slowest ms", "to agents p50 ms",
                "after agents p50");
        String account = "acc_bench_parallel_" + Long.toString(System.nanoTime(), 36);
        for (int agents : new int[] {1, 5, 10}) {
            execute(account, agents, slowest); // warm this size up
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < parallelRuns; i++) {
                runs.add(execute(account, agents, slowest));
            }
            long sum = 0;
            for (int i = 1; i <= agents; i++) {
                sum += latency(i, agents, slowest);
            }
            long p50 = pct(runs, Run::runMs, 50);
            System.out.printf(Locale.ROOT, "  %-7d %12d %14d %14d %20.2f %22d %18d %18d%n", agents, sum, p50,
                    pct(runs, Run::runMs, 100), (double) p50 / slowest, p50 - slowest, pct(runs, Run::toAgentsMs, 50),
                    pct(runs, Run::afterAgentsMs, 50));
        }
    }

    /**
     * Follows executions of one 50 ms agent on their stream: how long after the server's
     * {@code completedAt} the final event reaches the client; and the outbox-to-Kafka delay of the
     * events written meanwhile, from the service's histogram (bucket bounds, so p50 / p99 are upper
     * bounds).
     */
    void events() throws Exception {
        int runs = Math.max(parallelRuns, 10);
        System.out.printf(Locale.ROOT, "%nevents: %d executions of one 50 ms agent, each followed on its stream%n", runs);
        String account = "acc_bench_events_" + Long.toString(System.nanoTime(), 36);
        Map<Double, Double> before = publishDelayBuckets();
        List<Long> toStream = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = submit(account, 1, 50);
            HttpResponse<java.util.stream.Stream<String>> stream = http.send(request("/v1/executions/" + id + "/stream",
                    account).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            Instant arrived = null;
            List<String> seen = new ArrayList<>();
            try (java.util.stream.Stream<String> lines = stream.body()) {
                java.util.Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    seen.add(line);
                    // SSE allows a space after the colon or none.
                    if (line.startsWith("event:") && line.substring(6).strip().equals("execution.completed")) {
                        arrived = Instant.now();
                        break;
                    }
                }
            }
            if (arrived == null) {
                throw new IllegalStateException("the stream of " + id + " (HTTP " + stream.statusCode()
                        + ") ended without execution.completed: " + seen);
            }
            JsonNode view = JSON.readTree(http.send(request("/v1/executions/" + id, account).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            toStream.add(Duration.between(Instant.parse(view.get("completedAt").asText()), arrived).toNanos() / 1000);
        }
        Collections.sort(toStream);
        System.out.printf(Locale.ROOT, "  %-52s p50 %6.1f ms   p99 %6.1f ms%n", "final event: completedAt to the stream client",
                at(toStream, 50) / 1000.0, at(toStream, 99) / 1000.0);
        Map<Double, Double> after = publishDelayBuckets();
        System.out.printf(Locale.ROOT, "  %-52s p50 <= %s   p99 <= %s%n", "event: outbox write to Kafka acknowledgement",
                bucketPercentile(before, after, 50), bucketPercentile(before, after, 99));
    }

    static long at(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Cumulative counts of the publish-delay histogram by upper bound (seconds), from /q/metrics. */
    Map<Double, Double> publishDelayBuckets() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(orchestrator + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("mindmesh_outbox_publish_delay_seconds_bucket{")) {
                String le = line.substring(line.indexOf("le=\"") + 4);
                le = le.substring(0, le.indexOf('"'));
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return buckets;
    }

    static String bucketPercentile(Map<Double, Double> before, Map<Double, Double> after, int percentile) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return "n/a";
        }
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= percentile / 100.0 * total) {
                return bucket.getKey().isInfinite() ? "inf" : String.format(Locale.ROOT, "%.1f ms", bucket.getKey() * 1000);
            }
        }
        return "inf";
    }

    /**
     * Transactions and statements PostgreSQL committed per execution, and the remote calls each
     * made. Everything the database did counts (relay, polls); the rate measured while idle just
     * before is subtracted. No polling while they run: one list call at the end checks them.
     */
    void work() throws Exception {
        System.out.printf(Locale.ROOT, "%nwork per execution: %d PARALLEL executions of %d zero-latency agents, submitted"
                + " one after the other%n", workRuns, overheadAgents);
        String account = "acc_bench_work_" + Long.toString(System.nanoTime(), 36);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(jdbc, "mindmesh", "mindmesh")) {
            Thread.sleep(2000); // let the earlier phases' statistics reach the counters
            long[] idleStart = counters(db);
            Map<String, Long> idleStartByStatement = statementCalls(db);
            long idleBegan = System.nanoTime();
            Thread.sleep(4000);
            long[] idleEnd = counters(db);
            Map<String, Long> idleEndByStatement = statementCalls(db);
            double idleSeconds = (System.nanoTime() - idleBegan) / 1e9;
            int selectedBefore = selections.get();
            long began = System.nanoTime();
            for (int i = 0; i < workRuns; i++) {
                submit(account, overheadAgents, 0);
            }
            Thread.sleep(3000); // the executions finish, their events reach Kafka, the statistics are flushed
            JsonNode done = JSON.readTree(http.send(request("/v1/executions?status=COMPLETED&limit=100", account).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (done.path("pagination").path("total").asInt() != workRuns) {
                throw new IllegalStateException("only " + done.path("pagination").path("total") + " of " + workRuns
                        + " executions COMPLETED within 3 s");
            }
            Thread.sleep(1500);
            long[] end = counters(db);
            Map<String, Long> endByStatement = statementCalls(db);
            double seconds = (System.nanoTime() - began) / 1e9;
            String[] names = {"transactions committed", "statements executed"};
            for (int c = 0; c < 2; c++) {
                double idleRate = (idleEnd[c] - idleStart[c]) / idleSeconds;
                double perExecution = (end[c] - idleEnd[c] - idleRate * seconds) / workRuns;
                System.out.printf(Locale.ROOT, "  %-52s %6.1f   (background while idle: %.1f/s, subtracted)%n",
                        names[c] + " per execution", perExecution, idleRate);
            }
            System.out.printf(Locale.ROOT, "  %-52s %6.1f   (wallet: none for a sandbox run, a live one adds a hold"
                    + " and a capture or release; simulated agents run in-process, an http agent adds one call per"
                    + " attempt)%n", "HTTP calls per execution: registry selections",
                    (double) (selections.get() - selectedBefore) / workRuns);
            System.out.println("  statements per execution, by statement (idle background subtracted alike):");
            double idleScale = seconds / idleSeconds;
            endByStatement.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), (e.getValue() - idleEndByStatement.getOrDefault(e.getKey(), 0L)
                            - idleScale * (idleEndByStatement.getOrDefault(e.getKey(), 0L)
                                    - idleStartByStatement.getOrDefault(e.getKey(), 0L))) / workRuns))
                    .filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %6.2f  %s%n", e.getValue(),
                            e.getKey().length() > 150 ? e.getKey().substring(0, 150) + "…" : e.getKey()));
        }
    }

    /** Calls so far of each of the database's statements (pg_stat_statements), by normalised text. */
    static Map<String, Long> statementCalls(java.sql.Connection db) throws java.sql.SQLException {
        Map<String, Long> calls = new HashMap<>();
        try (java.sql.Statement statement = db.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("""
                        select regexp_replace(query, '\\s+', ' ', 'g'), sum(calls) from pg_stat_statements
                        where dbid = (select oid from pg_database where datname = current_database())
                        group by 1""")) {
            while (rows.next()) {
                calls.put(rows.getString(1), rows.getLong(2));
            }
        }
        return calls;
    }

    /**
     * Submits {@code inflight} executions of one slow agent as fast as {@code inflightClients}
     * clients can, while a sampler reads every 200 ms how many of them are RUNNING (PostgreSQL) and
     * the replica's resident memory and threads ({@code /proc}); then waits for all of them to end.
     */
    void inflight() throws Exception {
        int accounts = (inflight + 99) / 100;
        String stamp = Long.toString(System.nanoTime(), 36);
        System.out.printf(Locale.ROOT, "%nin flight: %d executions of one %d ms agent, %d clients, %d enterprise accounts"
                + " (100 running each at most)%n", inflight, inflightAgentMs, inflightClients, accounts);
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        long[] peak = new long[4]; // running, pending, resident kB, threads at the peak
        Thread sampler = Thread.ofPlatform().start(() -> {
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(jdbc, "mindmesh", "mindmesh");
                    java.sql.PreparedStatement count = db.prepareStatement("""
                            /* bench */ select count(*) filter (where status = 'RUNNING'),
                                               count(*) filter (where status = 'PENDING')
                            from executions where account_id like ?""")) {
                count.setString(1, "acc_inflight_" + stamp + "_%");
                while (sampling.get()) {
                    try (java.sql.ResultSet row = count.executeQuery()) {
                        row.next();
                        if (row.getLong(1) > peak[0]) {
                            long[] process = process();
                            synchronized (peak) {
                                peak[0] = row.getLong(1);
                                peak[1] = row.getLong(2);
                                peak[2] = process[0];
                                peak[3] = process[1];
                            }
                        }
                    }
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long began = System.nanoTime();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService clients = Executors.newFixedThreadPool(inflightClients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < inflightClients; t++) {
                done.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < inflight; i = next.getAndIncrement()) {
                        String account = "acc_inflight_" + stamp + "_" + (i % accounts);
                        ids.add(account + " " + submit(account, 1, inflightAgentMs));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double submitted = (System.nanoTime() - began) / 1e9;
        for (String pair : ids) {
            String[] accountAndId = pair.split(" ");
            awaitRun(accountAndId[0], accountAndId[1], began);
        }
        sampling.set(false);
        sampler.join();
        synchronized (peak) {
            System.out.printf(Locale.ROOT, "  %-52s %.1f s (%.0f/s)%n", "submitted (all 202)", submitted, inflight / submitted);
            System.out.printf(Locale.ROOT, "  %-52s %d (with %d PENDING)%n", "most RUNNING at once on the replica",
                    peak[0], peak[1]);
            System.out.printf(Locale.ROOT, "  %-52s %s%n", "the replica's resident memory and threads then",
                    pid == 0 ? "n/a" : String.format(Locale.ROOT, "%d MB, %d threads", peak[2] / 1024, peak[3]));
            System.out.printf(Locale.ROOT, "  %-52s %.1f s%n", "all COMPLETED after", (System.nanoTime() - began) / 1e9);
        }
    }

    /** CPU time (user and system) a process has used so far, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long processId) throws IOException {
        return ticksMillis(Files.readString(Path.of("/proc/" + processId + "/stat")));
    }

    /**
     * CPU time a JVM has used so far, in all and in its live JIT compiler threads
     * ({@code C1/C2 CompilerThread}); a compiler thread the JVM retired meanwhile is not counted, so
     * {@code compiler} is a lower bound.
     */
    record Cpu(long all, long compiler) {

        static Cpu of(long processId) throws IOException {
            long compiler = 0;
            try (var tasks = Files.list(Path.of("/proc/" + processId + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            compiler += ticksMillis(stat);
                        }
                    } catch (NoSuchFileException gone) {
                        // the thread ended between the listing and the read
                    }
                }
            }
            return new Cpu(cpuMillis(processId), compiler);
        }

        Cpu since(Cpu before) {
            return new Cpu(all - before.all, compiler - before.compiler);
        }

        double compilerShare() {
            return (double) compiler / Math.max(1, all);
        }
    }

    /** User and system time of a /proc stat line (clock ticks of 10 ms). */
    private static long ticksMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** The replica's resident set (kB) and thread count, from /proc; zeros without a pid. */
    long[] process() throws IOException {
        if (pid == 0) {
            return new long[2];
        }
        long rss = 0;
        long threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, threads};
    }

    /** PostgreSQL's committed transactions and executed statements in this database so far. */
    static long[] counters(java.sql.Connection db) throws java.sql.SQLException {
        try (java.sql.Statement statement = db.createStatement();
                java.sql.ResultSet row = statement.executeQuery("""
                        select (select xact_commit from pg_stat_database where datname = current_database()),
                               (select coalesce(sum(calls), 0) from pg_stat_statements
                                where dbid = (select oid from pg_database where datname = current_database()))""")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }
    static long pct(List<Run> runs, java.util.function.ToLongFunction<Run> field, int percentile) {
        long[] values = runs.stream().mapToLong(field).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, index))];
    }
}
