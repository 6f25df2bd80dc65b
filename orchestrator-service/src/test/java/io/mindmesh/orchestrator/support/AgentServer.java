package io.mindmesh.orchestrator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP agent speaking the agent protocol (README), on a free local port: it answers every
 * {@code POST} with what its {@link Behaviour} says, after the behaviour's delay, and records each
 * call it received (body, arrival, answer time). Like a careful agent it checks each call's
 * signature ({@link AgentSignatures}) first, and answers one it cannot verify with 401 without
 * recording it (counted in {@link #refused()}).
 */
public final class AgentServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the agent answers to its {@code call}-th request (1-based). */
    @FunctionalInterface
    public interface Behaviour {
        Reply answer(JsonNode request, int call);
    }

    /** An HTTP answer, sent {@code delayMs} after the request arrived. */
    public record Reply(int status, String body, long delayMs) {

        /** {@code 200 {output, confidence, usage: {units: 100}}}. */
        public static Reply output(String outputJson, String confidence, long delayMs) {
            return new Reply(200, "{\"output\": " + outputJson + ", \"confidence\": " + confidence
                    + ", \"usage\": {\"units\": 100}}", delayMs);
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\": \"agent failure\"}", 0);
        }
    }

    /** One request the agent received; {@code answeredAt} is null while it is being answered. */
    public record Call(JsonNode body, Instant receivedAt, Instant answeredAt) {
    }

    private final HttpServer server;
    private final Behaviour behaviour;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private AgentServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/agent", this::handle);
        server.start();
    }

    public static AgentServer start(Behaviour behaviour) {
        try {
            return new AgentServer(behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An agent answering {@code outputJson} with {@code confidence} after {@code delayMs}, every time. */
    public static AgentServer answering(String outputJson, String confidence, long delayMs) {
        return start((request, call) -> Reply.output(outputJson, confidence, delayMs));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/agent";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Requests received so far, counted on arrival (also those still being answered). */
    public int received() {
        return received.get();
    }

    /** Calls refused because their signature did not verify. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!AgentSignatures.valid(AgentSignatures.SECRET, exchange.getRequestHeaders(), raw)) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        JsonNode body = JSON.readTree(raw);
        Reply reply = behaviour.answer(body, received.incrementAndGet());
        try {
            Thread.sleep(reply.delayMs());
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            calls.add(new Call(body, arrived, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The orchestrator hung up (a timeout or a cancelled step): the call is recorded unanswered.
            calls.add(new Call(body, arrived, null));
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
