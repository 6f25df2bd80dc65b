package io.mindmesh.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the orchestrator and the registry behind the gateway (one server for both, told
 * apart by the {@code service} each request was sent to): answers every request with 200 and
 * {@code {"from": service}}, remembers what it received, streams two events on a path ending in
 * {@code /stream} (or holds the stream open when the path has {@code hold} in it, or closes the connection without an answer for {@code broken}), and holds its answer for {@code ?delayMs=…} milliseconds when asked, the way
 * a synchronous run does, or until the test opens the gate ({@code ?gate}, see {@link #closeGate()}). Every request is served on its own thread, so that delays overlap.
 *
 * <p>The orchestrator's normal timeout is {@value #ORCHESTRATOR_TIMEOUT_MS} ms here and the worker
 * pool is small ({@value #WORKER_THREADS}), so that tests can tell a long-running route from a
 * normal one and see that waiting requests hold no worker thread.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    static final int ORCHESTRATOR_TIMEOUT_MS = 1000;
    static final int WORKER_THREADS = 4;
    static final int POLLS_PER_MINUTE = 3;
    private static final ConcurrentLinkedDeque<Received> RECEIVED = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger HELD = new AtomicInteger();
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    private HttpServer orchestrator;
    private HttpServer registry;
    private ExecutorService threads;

    /** A request as the stub received it; header names in lower case. */
    public record Received(String service, String method, String pathAndQuery, Map<String, String> headers,
            String body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** The last request the stub received for this path (without its query). */
    static Received lastTo(String path) {
        return RECEIVED.stream().filter(r -> r.pathAndQuery().split("\\?")[0].equals(path)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("nothing reached " + path));
    }

    static List<Received> all() {
        return List.copyOf(RECEIVED);
    }

    /** From now on requests with the query {@code gate} wait for {@link #openGate()} (at most a minute). */
    static void closeGate() {
        gate = new CountDownLatch(1);
    }

    static void openGate() {
        gate.countDown();
    }

    @Override
    public Map<String, String> start() {
        threads = Executors.newCachedThreadPool();
        orchestrator = server("orchestrator");
        registry = server("registry");
        return Map.of(
                "gateway.downstream.orchestrator.url", "http://127.0.0.1:" + orchestrator.getAddress().getPort(),
                "gateway.downstream.orchestrator.timeout", ORCHESTRATOR_TIMEOUT_MS + "ms",
                "gateway.downstream.registry.url", "http://127.0.0.1:" + registry.getAddress().getPort(),
                "gateway.rate-limits.per-client-ip.per-minute", String.valueOf(POLLS_PER_MINUTE),
                "quarkus.thread-pool.max-threads", String.valueOf(WORKER_THREADS));
    }

    private HttpServer server(String service) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> answer(service, exchange));
            server.setExecutor(threads);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(String service, HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().toString();
        RECEIVED.add(new Received(service, exchange.getRequestMethod(), path, headers, body));
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.startsWith("delayMs=")) {
            try {
                Thread.sleep(Long.parseLong(query.substring("delayMs=".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ("gate".equals(query)) {
            try {
                gate.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (path.endsWith("/stream") && path.contains("broken")) {
            // A service that fails mid-request: the connection closes without an answer.
            exchange.close();
            return;
        }
        if (path.endsWith("/stream") && path.contains("hold")) {
            hold(exchange);
            return;
        }
        if (path.endsWith("/stream")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("event: started\ndata: {}\n\nevent: completed\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] answer = ("{\"from\":\"" + service + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /**
     * A stream that stays open: a first comment at once, then a heartbeat comment every second until
     * the gateway closes the connection (a write fails) or the stub stops.
     */
    private static void hold(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        HELD.incrementAndGet();
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The gateway closed the stream (its client went away) or the stub stops.
        } finally {
            HELD.decrementAndGet();
        }
    }

    /** Held streams (paths {@code …hold…/stream}) the stub is still writing to. */
    static int held() {
        return HELD.get();
    }

    @Override
    public void stop() {
        orchestrator.stop(0);
        registry.stop(0);
        threads.shutdownNow();
    }
}
