import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole-stack load client of {@code benchmarks/run.sh stack} (see README.md "stack"): the API's
 * orchestrate example 1 (three marketing agents, PARALLEL, simulated agents of 1.4-2.4 s) submitted
 * through the gateway with sandbox keys, then every execution read back for its server timestamps.
 *
 * <p>{@code steady}: {@code threads} clients submit one after the other for {@code seconds}, each on
 * one of {@code keys} (one key per account). {@code burst}: {@code perKey} submissions on each of
 * {@code keys} as fast as {@code threads} clients can send them, to see how many executions one
 * orchestrator replica holds in flight at once. Only the JDK: run as {@code java StackBench.java}.
 */
public class StackBench {

    private static final String BODY = "{\"query\":\"Create a comprehensive marketing campaign for our product launch\","
            + "\"selectionCriteria\":{\"verticals\":[\"marketing\"],\"maxAgents\":3},\"mode\":\"PARALLEL\"}";
    private static final Pattern ID = Pattern.compile("\"executionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("COMPLETED", "FAILED", "CANCELLED",
            "TIMED_OUT");

    /**
     * One execution as the server recorded it: accepted, claimed by a runner, its first agent call
     * started, finished.
     */
    record Run(String id, String status, Instant created, Instant started, Instant firstStep, Instant completed) {
        long queuedMs() {
            return Duration.between(created, started).toMillis();
        }

        long toFirstStepMs() {
            return Duration.between(created, firstStep).toMillis();
        }

        long runningMs() {
            return Duration.between(started, completed).toMillis();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[1];
        int threads = Integer.parseInt(args[2]);
        List<String> keys = List.of(args[3].split(","));
        switch (args[0]) {
            case "steady" -> steady(base, threads, keys, Integer.parseInt(args[4]));
            case "burst" -> burst(base, threads, keys, Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("steady or burst");
        }
    }

    static void steady(String base, int threads, List<String> keys, int seconds) throws Exception {
        Map<String, String> accepted = new ConcurrentHashMap<>(); // execution id -> key
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            String key = keys.get(t % keys.size());
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    submit(base, key, accepted, statuses);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "submitted for %d s by %d clients on %d accounts: %s%n", seconds, threads,
                keys.size(), statuses);
        List<Run> runs = readBack(base, accepted, threads);
        Instant first = runs.stream().map(Run::created).min(Instant::compareTo).orElseThrow();
        Instant last = runs.stream().map(Run::created).max(Instant::compareTo).orElseThrow();
        // The steady part: from 10 s after the first submission to the last one. Over it, as many
        // executions must finish per second as are accepted, or the queue grows.
        Instant from = first.plusSeconds(10);
        double window = Duration.between(from, last).toMillis() / 1000.0;
        long acceptedIn = runs.stream().filter(r -> !r.created().isBefore(from) && !r.created().isAfter(last)).count();
        long completedIn = runs.stream().filter(r -> r.completed() != null
                && !r.completed().isBefore(from) && !r.completed().isAfter(last)).count();
        System.out.printf(Locale.ROOT, "accepted %d executions (%.1f/s over the run)%n", runs.size(),
                runs.size() / (Duration.between(first, last).toMillis() / 1000.0));
        System.out.printf(Locale.ROOT, "steady part (%.1f s from 10 s after the first submission): accepted %.1f/s, "
                + "completed %.1f/s, completed / accepted = %.3f%n", window, acceptedIn / window, completedIn / window,
                (double) completedIn / acceptedIn);
        report(runs);
    }

    static void burst(String base, int threads, List<String> keys, int perKey) throws Exception {
        Map<String, String> accepted = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        ConcurrentLinkedQueue<String> work = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < perKey; i++) {
            work.addAll(keys);
        }
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (String key = work.poll(); key != null; key = work.poll()) {
                    submit(base, key, accepted, statuses);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "submitted %d (%d per account on %d accounts) in %.1f s by %d clients: %s%n",
                perKey * keys.size(), perKey, keys.size(), (System.nanoTime() - began) / 1e9, threads, statuses);
        List<Run> runs = readBack(base, accepted, threads);
        System.out.printf(Locale.ROOT, "in flight on the one orchestrator replica at once (server timestamps): "
                + "at most %d running (claimed, not finished), %d accepted and not finished%n",
                maxOverlap(runs, Run::started), maxOverlap(runs, Run::created));
        report(runs);
    }

    private static void submit(String base, String key, Map<String, String> accepted,
            Map<Integer, AtomicInteger> statuses) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/orchestrate"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                    HttpResponse.BodyHandlers.ofString());
            count(statuses, answer.statusCode());
            Matcher id = ID.matcher(answer.body());
            if (answer.statusCode() == 202 && id.find()) {
                accepted.put(id.group(1), key);
            }
        } catch (Exception e) {
            count(statuses, -1);
        }
    }

    private static void count(Map<Integer, AtomicInteger> statuses, int status) {
        synchronized (statuses) {
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Every accepted execution, read until it is finished (at most 3 minutes in all). */
    private static List<Run> readBack(String base, Map<String, String> accepted, int threads) throws Exception {
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        ConcurrentLinkedQueue<Map.Entry<String, String>> work = new ConcurrentLinkedQueue<>(accepted.entrySet());
        AtomicInteger unfinished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (Map.Entry<String, String> e = work.poll(); e != null; e = work.poll()) {
                    Run run = read(base, e.getKey(), e.getValue());
                    while ((run == null || !TERMINAL.contains(run.status())) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        run = read(base, e.getKey(), e.getValue());
                    }
                    if (run != null && TERMINAL.contains(run.status())) {
                        runs.add(run);
                    } else {
                        unfinished.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
        if (unfinished.get() > 0) {
            System.out.printf("NOT FINISHED within 3 minutes: %d executions%n", unfinished.get());
        }
        return runs;
    }

    private static Run read(String base, String id, String key) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/executions/" + id))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return null;
        }
        String body = answer.body();
        Instant started = topLevelInstant(body, "startedAt");
        // Every startedAt but the execution's own is a step's; the earliest is the first agent call.
        Instant firstStep = null;
        boolean ownSkipped = false;
        for (Matcher m = STARTED.matcher(body); m.find(); ) {
            Instant at = Instant.parse(m.group(1));
            if (!ownSkipped && at.equals(started)) {
                ownSkipped = true;
            } else if (firstStep == null || at.isBefore(firstStep)) {
                firstStep = at;
            }
        }
        return new Run(id, topLevel(body, "status"), topLevelInstant(body, "createdAt"), started, firstStep,
                topLevelInstant(body, "completedAt"));
    }

    private static final Pattern STARTED = Pattern.compile("\"startedAt\"\\s*:\\s*\"(\\d{4}-[^\"]+)\"");

    private static Instant topLevelInstant(String json, String name) {
        String value = topLevel(json, name);
        return value == null ? null : Instant.parse(value);
    }

    /**
     * A string member of the body's outer object (the steps carry startedAt and completedAt of their
     * own, so the first match of a pattern is not the execution's); null when absent or not a string.
     */
    static String topLevel(String json, String name) {
        int depth = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == '"') {
                int end = endOfString(json, i);
                String token = json.substring(i + 1, end);
                int next = end + 1;
                while (next < json.length() && Character.isWhitespace(json.charAt(next))) {
                    next++;
                }
                boolean isKey = next < json.length() && json.charAt(next) == ':';
                if (isKey && depth == 1 && token.equals(name)) {
                    int value = next + 1;
                    while (value < json.length() && Character.isWhitespace(json.charAt(value))) {
                        value++;
                    }
                    return json.charAt(value) == '"' ? json.substring(value + 1, endOfString(json, value)) : null;
                }
                i = end;
            }
        }
        return null;
    }

    /** The index of the quote closing the string that opens at {@code from}. */
    private static int endOfString(String json, int from) {
        for (int i = from + 1; i < json.length(); i++) {
            if (json.charAt(i) == '\\') {
                i++;
            } else if (json.charAt(i) == '"') {
                return i;
            }
        }
        return json.length();
    }

    private static void report(List<Run> runs) {
        Map<String, Integer> byStatus = new TreeMap<>();
        runs.forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
        System.out.println("finished: " + byStatus);
        List<Run> timed = runs.stream().filter(r -> r.started() != null && r.completed() != null).toList();
        System.out.printf(Locale.ROOT, "  queued (createdAt to startedAt)       p50 %6d ms   p99 %6d ms   max %6d ms%n",
                pct(timed, Run::queuedMs, 50), pct(timed, Run::queuedMs, 99), pct(timed, Run::queuedMs, 100));
        List<Run> stepped = timed.stream().filter(r -> r.firstStep() != null).toList();
        System.out.printf(Locale.ROOT, "  to the first agent call (createdAt)   p50 %6d ms   p99 %6d ms   max %6d ms%n",
                pct(stepped, Run::toFirstStepMs, 50), pct(stepped, Run::toFirstStepMs, 99),
                pct(stepped, Run::toFirstStepMs, 100));
        System.out.printf(Locale.ROOT, "  running (startedAt to completedAt)    p50 %6d ms   p99 %6d ms   max %6d ms%n",
                pct(timed, Run::runningMs, 50), pct(timed, Run::runningMs, 99), pct(timed, Run::runningMs, 100));
    }

    private static long pct(List<Run> runs, ToLongFunction<Run> value, int percentile) {
        if (runs.isEmpty()) {
            return -1;
        }
        long[] values = runs.stream().mapToLong(value).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, index))];
    }

    /** The most executions whose [from, completedAt] intervals overlap at one instant. */
    private static int maxOverlap(List<Run> runs, java.util.function.Function<Run, Instant> from) {
        List<long[]> events = new ArrayList<>();
        for (Run r : runs) {
            if (from.apply(r) != null && r.completed() != null) {
                events.add(new long[] {from.apply(r).toEpochMilli() * 1000, 1});
                events.add(new long[] {r.completed().toEpochMilli() * 1000, -1});
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] e : events) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
