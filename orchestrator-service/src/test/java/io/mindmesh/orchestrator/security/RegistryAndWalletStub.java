package io.mindmesh.orchestrator.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.support.TestAgents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the registry (one agent selected) and the wallet (balance too short), and records
 * the {@code Authorization} header each of them received, to show what the orchestrator sends.
 */
public class RegistryAndWalletStub implements QuarkusTestResourceLifecycleManager {

    static final String SELECTIONS = "/internal/v1/selections";
    static final String HOLDS = "/internal/v1/holds";
    static final Map<String, String> AUTHORIZATION = new ConcurrentHashMap<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            String selection = new ObjectMapper().writeValueAsString(
                    new Selection(List.of(TestAgents.simulated("copywriter", "0.9", 10)), List.of()));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(SELECTIONS, exchange -> answer(exchange, SELECTIONS, 200, selection));
            server.createContext(HOLDS, exchange -> answer(exchange, HOLDS, 402, """
                    {"error": "INSUFFICIENT_BALANCE", "message": "Insufficient wallet balance",
                     "requiredBalance": 0.22, "currentBalance": 0, "topUpUrl": "https://example.test/topup"}"""));
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.registry.url", url, "quarkus.rest-client.wallet.url", url);
    }

    private static void answer(HttpExchange exchange, String path, int status, String body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATION.put(path, authorization == null ? "" : authorization);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
