package io.mindmesh.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for analytics-service, a third party as far as the gateway's own tests go: answers
 * every request with 200 (202 for a POST) and remembers the last one, so that a test can see what
 * the gateway forwarded.
 */
public class StubAnalytics implements QuarkusTestResourceLifecycleManager {

    private static final AtomicReference<Received> LAST = new AtomicReference<>();
    private HttpServer server;

    /** What the stub last received. */
    public record Received(String method, String pathAndQuery, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    static Received last() {
        return LAST.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        return Map.of("gateway.downstream.analytics.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        LAST.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        byte[] answer = "{\"from\":\"analytics\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 202 : 200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
