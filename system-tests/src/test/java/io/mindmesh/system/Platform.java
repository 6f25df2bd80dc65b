package io.mindmesh.system;

import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.KafkaBroker;
import io.mindmesh.testing.KeycloakServer;
import io.mindmesh.testing.Ports;
import io.mindmesh.testing.PostgresServer;
import io.mindmesh.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for the system tests: real PostgreSQL, Kafka and Keycloak, and the five
 * services started from their packaged jars as separate processes, as in production (every
 * service verifies Keycloak tokens; the gateway and the orchestrator get their own with their
 * client's secret). Started once per test JVM and stopped when it exits.
 */
final class Platform {

    /** A second replica of the wallet on the same database, for the tests about replicas. */
    static final String SECOND_WALLET = "wallet-service#2";

    private static Platform shared;

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();

    static synchronized Platform shared() {
        if (shared == null) {
            shared = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "platform-stop"));
            shared.start();
        }
        return shared;
    }

    String gatewayUrl() {
        return url("gateway-service");
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    private void start() {
        PostgresServer postgres = PostgresServer.shared();
        String kafka = KafkaBroker.shared().bootstrapServers();
        String keycloak = KeycloakServer.shared().realmUrl();
        String redis = RedisServer.shared().url();
        for (String service : List.of("agent-registry-service", "wallet-service", SECOND_WALLET, "analytics-service",
                "orchestrator-service", "gateway-service")) {
            ports.put(service, Ports.free());
        }
        Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka,
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD,
                "quarkus.oidc.auth-server-url", keycloak);
        launch("agent-registry-service", postgres.database("registry"), common, Map.of());
        launch("wallet-service", postgres.database("wallet"), common, Map.of());
        launch(SECOND_WALLET, postgres.database("wallet"), common, Map.of());
        launch("analytics-service", postgres.database("analytics"), common, Map.of());
        launch("orchestrator-service", postgres.database("orchestrator"), common, Map.of(
                "mindmesh.service-client.secret", clientSecret("orchestrator-service"),
                "quarkus.rest-client.registry.url", url("agent-registry-service"),
                "quarkus.rest-client.wallet.url", url("wallet-service"),
                "orchestrator.simulated.latency-scale", "0.2",
                "orchestrator.webhooks.secret-key", "bWluZG1lc2gtZGV2LW9ubHktd2ViaG9vay1rZXktMzI=",
                "orchestrator.webhooks.allowed-hosts", "127.0.0.0/8,::1",
                "orchestrator.public-base-url", url("gateway-service")));
        launch("gateway-service", postgres.database("gateway"), common, Map.of(
                "mindmesh.service-client.secret", clientSecret("gateway-service"),
                "quarkus.redis.hosts", redis,
                "gateway.downstream.orchestrator.url", url("orchestrator-service"),
                "gateway.downstream.registry.url", url("agent-registry-service"),
                "gateway.downstream.wallet.url", url("wallet-service"),
                "gateway.downstream.analytics.url", url("analytics-service")));
        ports.keySet().forEach(this::awaitReady);
    }

    /** The realm's local secret of a service's Keycloak client (deploy/local/keycloak/mindmesh-realm.json). */
    private static String clientSecret(String client) {
        return client + "-local-secret";
    }

    private void launch(String service, String jdbcUrl, Map<String, String> common, Map<String, String> own) {
        String module = service.split("#")[0];
        Path jar = Checkout.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn verify does)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + ports.get(service),
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl));
        common.forEach((k, v) -> command.add("-D" + k + "=" + v));
        own.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Path logs = Files.createDirectories(Path.of("target/logs"));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service.replace('#', '-') + ".log").toFile()).start());
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + service, e);
        }
    }

    private void awaitReady(String service) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(url(service) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(service + " was not ready in time; see system-tests/target/logs/"
                + service + ".log");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void stop() {
        processes.forEach(Process::destroy);
        processes.forEach(p -> {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
