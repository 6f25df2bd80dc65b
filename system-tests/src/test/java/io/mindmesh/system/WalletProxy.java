package io.mindmesh.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The orchestrators' way to the wallet in the system tests: a relay in the test process that
 * passes every call on unchanged (method, path, query, headers including the service token, body;
 * the wallet's status, headers and body back), unless a test asks for one of two faults:
 * <ul>
 * <li>{@link #failCaptures()}: captures are answered 503 without reaching the wallet, as a wallet
 * that fails while the orchestrator settles;</li>
 * <li>{@link #withholdNextHold()}: the next hold reaches the wallet, which places it, but its
 * answer waits until the test lets it go: a wallet slower than the gateway's patience, or an
 * orchestrator that dies before it hears the answer;</li>
 * <li>{@link #withholdNextCapture()}: the same for the next capture: the wallet captures, the
 * orchestrator that asked never hears it.</li>
 * </ul>
 * One relay serves every test ({@link Platform#walletProxy()}); a test that sets a fault resets it
 * after itself ({@link #reset()}).
 */
final class WalletProxy implements AutoCloseable {

    private static final String HOLDS = "/internal/v1/holds";
    /** Request headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> OWN_REQUEST_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    /** Response headers that describe the wallet's connection, not the answer. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding",
            "keep-alive");
    private static final byte[] UNAVAILABLE = "{\"error\":\"SERVICE_UNAVAILABLE\",\"message\":\"Injected by the system test\"}"
            .getBytes(StandardCharsets.UTF_8);
    /** How long a withheld answer waits at most, so that a test that forgets it cannot hang the relay. */
    private static final Duration WITHHOLD_AT_MOST = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String wallet;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean failCaptures;
    private final AtomicReference<Withheld> nextHold = new AtomicReference<>();
    private final AtomicReference<Withheld> nextCapture = new AtomicReference<>();
    private final List<String> refusedCaptures = new CopyOnWriteArrayList<>();

    private WalletProxy(String wallet) {
        this.wallet = wallet;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::relay);
        server.setExecutor(handlers);
        server.start();
    }

    /** Relays to the wallet at {@code walletUrl}. */
    static WalletProxy start(String walletUrl) {
        return new WalletProxy(walletUrl);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on until {@link #reset()}, every capture is answered 503 and never reaches the wallet. */
    void failCaptures() {
        failCaptures = true;
    }

    /** The hold ids of the captures answered 503, one entry per call. */
    List<String> refusedCaptures() {
        return List.copyOf(refusedCaptures);
    }

    /** The next hold is placed in the wallet, and its answer kept until {@link Withheld#release()}. */
    Withheld withholdNextHold() {
        Withheld withheld = new Withheld();
        nextHold.set(withheld);
        return withheld;
    }

    /** The next capture is applied by the wallet, and its answer kept until {@link Withheld#release()}. */
    Withheld withholdNextCapture() {
        Withheld withheld = new Withheld();
        nextCapture.set(withheld);
        return withheld;
    }

    /** Everything passes again; an answer still withheld goes out. */
    void reset() {
        failCaptures = false;
        refusedCaptures.clear();
        for (AtomicReference<Withheld> next : List.of(nextHold, nextCapture)) {
            Withheld pending = next.getAndSet(null);
            if (pending != null) {
                pending.release();
            }
        }
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            boolean post = "POST".equals(exchange.getRequestMethod());
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean capture = post && path.startsWith(HOLDS + "/") && path.endsWith("/capture");
            String capturedHold = capture ? path.substring(HOLDS.length() + 1, path.length() - "/capture".length()) : null;
            if (failCaptures && capture) {
                refusedCaptures.add(capturedHold);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                send(exchange, 503, UNAVAILABLE);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange, body);
            Withheld withheld = post && path.equals(HOLDS) ? nextHold.get() : capture ? nextCapture.get() : null;
            if (withheld != null && withheld.take()) {
                withheld.placed(capture ? capturedHold : JSON.readTree(body).path("holdId").asText(),
                        answer.statusCode());
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            send(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        String query = exchange.getRequestURI().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wallet + exchange.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!OWN_REQUEST_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        reset();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** A hold (or capture) the wallet applied whose answer the orchestrator has not received yet. */
    static final class Withheld {

        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch placed = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String holdId;
        private volatile int status;

        /** The id of the hold, once the wallet has answered; fails when none came in time. */
        String awaitPlaced(Duration patience) {
            try {
                if (!placed.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("No hold reached the wallet within " + patience);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return holdId;
        }

        /** The wallet's status (a hold: 201 placed, 200 replayed; a capture: 200), once answered. */
        int status() {
            return status;
        }

        /** Sends the wallet's answer on to the orchestrator (or to nobody, if it is gone). */
        void release() {
            released.countDown();
        }

        /** Only the first matching call after {@link #withholdNextHold()} or {@link #withholdNextCapture()} is withheld. */
        private boolean take() {
            return taken.compareAndSet(false, true);
        }

        private void placed(String id, int walletStatus) throws InterruptedException {
            holdId = id;
            status = walletStatus;
            placed.countDown();
            released.await(WITHHOLD_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
