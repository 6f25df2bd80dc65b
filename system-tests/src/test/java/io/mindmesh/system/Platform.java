package io.mindmesh.system;

import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.FakeOpenAi;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole platform for the system tests: real PostgreSQL, Kafka, Redis and Keycloak, and the
 * five services started from their packaged jars as separate processes, as in production, plus a
 * second wallet and a second gateway. Every service verifies Keycloak tokens; the gateway and the
 * orchestrator get their own with their client's secret. Kafka is test-support's broker, which a
 * test can stop and restart. Started once per test JVM and stopped when it exits.
 */
final class Platform {

    /** A second replica of the wallet on the same database, for the tests about replicas. */
    static final String SECOND_WALLET = "wallet-service#2";
    /** A second gateway on the same database and Redis: keys and rate limits are shared by both. */
    static final String SECOND_GATEWAY = "gateway-service#2";
    /**
     * How long the second gateway waits for the orchestrator before its 503, short for the tests of
     * a client retrying after a gateway timeout (the first gateway keeps the default).
     */
    static final String SECOND_GATEWAY_ORCHESTRATOR_TIMEOUT = "2s";

    /** Generous: on a busy two-core machine eleven JVMs starting together take minutes. */
    private static final Duration READINESS = Duration.ofMinutes(5);

    private static final String FAKE_OPENAI_KEY = "sk-system-test";

    private static Platform shared;
    private static IllegalStateException failure;

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> byService = new ConcurrentHashMap<>();
    private KafkaBroker kafka;
    private OtlpReceiver traces;
    private Map<String, String> common;
    private FakeOpenAi llm;
    private WalletProxy walletProxy;

    static synchronized Platform shared() {
        if (failure != null) {
            throw failure;
        }
        if (shared == null) {
            Platform platform = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "platform-stop"));
            try {
                platform.start();
            } catch (IllegalStateException e) {
                // Every later test fails fast with the same cause instead of using half a platform.
                failure = e;
                throw e;
            }
            shared = platform;
        }
        return shared;
    }

    String gatewayUrl() {
        return url("gateway-service");
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** The spans every service exports (tracing is on, every trace kept), for TracingIT. */
    OtlpReceiver traces() {
        return traces;
    }

    /** The Kafka broker, for the tests that stop and restart it. */
    KafkaBroker kafka() {
        return kafka;
    }

    /**
     * What a service stored, for tests that check it: a two-column query of one service's database
     * whose only parameter is a list of ids, as a map from the first column to the second.
     */
    Map<String, String> query(String database, String sql, List<String> ids) {
        try (Connection c = DriverManager.getConnection(PostgresServer.shared().jdbcUrl(database),
                PostgresServer.USER, PostgresServer.PASSWORD); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            Map<String, String> rows = new HashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getString(2));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the " + database + " database", e);
        }
    }

    /**
     * Starts one more orchestrator replica, configured as the shared one, and waits until it is
     * ready. The caller owns it: the tests that kill a replica kill this one, never the shared one.
     */
    Process startOrchestratorReplica(String name) {
        return startOrchestratorReplicas(Map.of(name, Map.of())).get(name);
    }

    /**
     * Starts orchestrator replicas side by side, each configured as the shared one plus its own
     * properties (name to overrides), and waits until all are ready. The caller owns them.
     */
    Map<String, Process> startOrchestratorReplicas(Map<String, Map<String, String>> replicas) {
        Map<String, Process> started = new LinkedHashMap<>();
        replicas.forEach((name, overrides) -> {
            ports.put(name, Ports.free());
            Map<String, String> own = new HashMap<>(orchestrator());
            own.putAll(overrides);
            started.put(name, launch(name, PostgresServer.shared().database("orchestrator"), common, own));
        });
        started.keySet().forEach(this::awaitReady);
        return started;
    }

    /** The relay every orchestrator reaches the wallet through, for the tests that make the wallet fail. */
    WalletProxy walletProxy() {
        return walletProxy;
    }

    private void start() {
        PostgresServer postgres = PostgresServer.shared();
        kafka = KafkaBroker.shared();
        traces = OtlpReceiver.start();
        String keycloak = KeycloakServer.shared().realmUrl();
        for (String service : List.of("agent-registry-service", "wallet-service", SECOND_WALLET, "analytics-service",
                "orchestrator-service", "gateway-service", SECOND_GATEWAY)) {
            ports.put(service, Ports.free());
        }
        common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD,
                "quarkus.oidc.auth-server-url", keycloak,
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint(),
                "quarkus.otel.bsp.schedule.delay", "0.5s");
        // In two waves, the services others call first: eight JVMs starting at once on a small
        // machine starve each other until their database pools time out.
        launch("agent-registry-service", postgres.database("registry"), common,
                Map.of("registry.agents.secret-key", "bWluZG1lc2gtZGV2LW9ubHktYWdlbnQta2V5LTMyYnk="));
        launch("wallet-service", postgres.database("wallet"), common, Map.of());
        launch(SECOND_WALLET, postgres.database("wallet"), common, Map.of());
        launch("analytics-service", postgres.database("analytics"), common, Map.of());
        List.of("agent-registry-service", "wallet-service", SECOND_WALLET, "analytics-service")
                .forEach(this::awaitReady);
        llm = FakeOpenAi.start(FAKE_OPENAI_KEY);
        walletProxy = WalletProxy.start(url("wallet-service"));
        launch("orchestrator-service", postgres.database("orchestrator"), common, orchestrator());
        launch("gateway-service", postgres.database("gateway"), common, gateway());
        Map<String, String> impatient = new HashMap<>(gateway());
        impatient.put("gateway.downstream.orchestrator.timeout", SECOND_GATEWAY_ORCHESTRATOR_TIMEOUT);
        launch(SECOND_GATEWAY, postgres.database("gateway"), common, impatient);
        List.of("orchestrator-service", "gateway-service", SECOND_GATEWAY).forEach(this::awaitReady);
    }

    /**
     * Short leases, so that a test that kills a replica sees its executions taken over within
     * seconds rather than the production default of half a minute. The wallet is reached through
     * the test's relay ({@link WalletProxy}), which passes everything unless a test injects a fault.
     */
    private Map<String, String> orchestrator() {
        return Map.ofEntries(
                Map.entry("mindmesh.service-client.secret", KeycloakServer.clientSecret("orchestrator-service")),
                Map.entry("quarkus.rest-client.registry.url", url("agent-registry-service")),
                Map.entry("quarkus.rest-client.wallet.url", walletProxy.url()),
                Map.entry("orchestrator.simulated.latency-scale", "0.2"),
                Map.entry("orchestrator.webhooks.secret-key", "bWluZG1lc2gtZGV2LW9ubHktd2ViaG9vay1rZXktMzI="),
                Map.entry("orchestrator.webhooks.allowed-hosts", "127.0.0.0/8,::1"),
                Map.entry("orchestrator.http-runtime.allowed-hosts", "127.0.0.0/8,::1"),
                Map.entry("orchestrator.public-base-url", url("gateway-service")),
                Map.entry("orchestrator.scheduler.lease-duration", "5s"),
                Map.entry("orchestrator.scheduler.heartbeat-interval", "1s"),
                Map.entry("orchestrator.scheduler.reaper-interval", "1s"),
                Map.entry("orchestrator.llm.providers.fake.base-url", llm.baseUrl()),
                Map.entry("orchestrator.llm.providers.fake.api-key", FAKE_OPENAI_KEY),
                Map.entry("orchestrator.llm.allowed-hosts", "127.0.0.0/8"),
                // A failed webhook attempt is retried within a second, not the production 10 s.
                Map.entry("orchestrator.webhooks.retry-base", "0.2s"),
                Map.entry("orchestrator.webhooks.retry-cap", "1s"));
    }

    /** The OpenAI-compatible server the orchestrator knows as llm provider {@code fake}. */
    FakeOpenAi llm() {
        return llm;
    }

    private Map<String, String> gateway() {
        return Map.of(
                "mindmesh.service-client.secret", KeycloakServer.clientSecret("gateway-service"),
                "quarkus.redis.hosts", RedisServer.shared().url(),
                "gateway.downstream.orchestrator.url", url("orchestrator-service"),
                "gateway.downstream.registry.url", url("agent-registry-service"),
                "gateway.downstream.wallet.url", url("wallet-service"),
                "gateway.downstream.analytics.url", url("analytics-service"));
    }

    private static String logName(String service) {
        return service.replace('#', '-') + ".log";
    }

    private Process launch(String service, String jdbcUrl, Map<String, String> common, Map<String, String> own) {
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
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(logName(service)).toFile()).start();
            processes.add(process);
            byService.put(service, process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + service, e);
        }
    }

    /**
     * Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) a running service: a frozen replica keeps
     * its connections but does nothing, so another replica is sure to take the work.
     */
    void freeze(String service, boolean frozen) {
        try {
            Process signal = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT",
                    Long.toString(byService.get(service).pid())).inheritIO().start();
            if (signal.waitFor() != 0) {
                throw new IllegalStateException("Could not signal " + service);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not signal " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(String service) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(READINESS);
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
            pause(Duration.ofMillis(300));
        }
        throw new IllegalStateException(service + " was not ready in time; see system-tests/target/logs/"
                + logName(service));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        if (traces != null) {
            traces.stop();
        }
        if (walletProxy != null) {
            walletProxy.close();
        }
    }
}
