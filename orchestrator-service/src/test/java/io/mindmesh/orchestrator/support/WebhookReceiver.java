package io.mindmesh.orchestrator.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/** A real HTTP receiver on loopback that records every request and answers the status its script gives. */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: the raw body bytes and the headers (names lower-cased). */
    public record Received(byte[] body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    /** {@code statusOfRequest} maps the request's number (from 1) to the status to answer. */
    public WebhookReceiver(IntUnaryOperator statusOfRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
                received.add(new Received(body, headers));
                exchange.sendResponseHeaders(statusOfRequest.applyAsInt(count.incrementAndGet()), -1);
            } finally {
                exchange.close();
            }
        });
        // Requests are handled concurrently, like a real receiver's, so that ordering is not the test's doing.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/mindmesh";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
