package io.mindmesh.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.Ports;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' Prometheus against the running platform: the Debian package's server (installed
 * by bin/platform fetch), configured as bin/platform configures the local one, scrapes all five
 * services and evaluates the Helm chart's alert rules (deploy/local/prometheus/mindmesh.rules.yaml,
 * rendered from the chart).
 */
class PrometheusIT {

    /** Prometheus job name (the chart's service key) to the service it scrapes. */
    private static final Map<String, String> JOBS = new LinkedHashMap<>(Map.of(
            "gateway", "gateway-service", "orchestrator", "orchestrator-service",
            "registry", "agent-registry-service", "wallet", "wallet-service", "analytics", "analytics-service"));
    private static final Path RULES = Checkout.root().resolve("deploy/local/prometheus/mindmesh.rules.yaml");
    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static Process prometheus;
    private static String url;

    @BeforeAll
    static void startPrometheus() throws IOException {
        assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: bin/platform fetch installs it (Debian package prometheus)");
        Platform platform = Platform.shared();
        Path dir = Files.createDirectories(Path.of("target/prometheus"));
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 2s
                  evaluation_interval: 2s
                rule_files:
                  - %s
                scrape_configs:
                """.formatted(RULES));
        JOBS.forEach((job, service) -> config.append("""
                  - job_name: %s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(job, platform.url(service).substring("http://".length()))));
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = Ports.free();
        url = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(Path.of("target/logs/prometheus.log").toFile()).start();
        Await.until(PrometheusIT::ready, Boolean::booleanValue, Duration.ofSeconds(60), "Prometheus to be ready");
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void everyServiceIsScrapedAndUp() {
        Map<String, String> up = Await.until(PrometheusIT::upByJob, byJob -> byJob.size() == JOBS.size()
                && byJob.values().stream().allMatch("1"::equals), Duration.ofSeconds(60), "up == 1 for the five jobs");
        assertEquals(new TreeMap<>(JOBS).keySet(), up.keySet());
    }

    @Test
    void theChartsAlertRulesAreLoadedAndEvaluated() {
        String http = "data.groups.find { it.name == 'mindmesh.http' }";
        JsonPath rules = Await.until(() -> given().baseUri(url).get("/api/v1/rules").jsonPath(),
                json -> json.getString(http + ".lastEvaluation") != null
                        && !json.getString(http + ".lastEvaluation").startsWith("0001-"),
                Duration.ofSeconds(60), "an evaluation of the group mindmesh.http");
        assertTrue(rules.<String>getList("data.groups.name").containsAll(List.of("mindmesh.http",
                "mindmesh.orchestrator", "mindmesh.analytics", "mindmesh.wallet", "mindmesh.gateway", "mindmesh.jvm")),
                rules.getList("data.groups.name").toString());
        assertEquals(List.of("MindMeshHighErrorRate", "MindMeshServiceSlow", "MindMeshHighLatency"),
                rules.getList(http + ".rules.name"));
        assertEquals(List.of("ok", "ok", "ok"), rules.getList(http + ".rules.health"), rules.prettify());
    }

    private static boolean ready() {
        try {
            return given().baseUri(url).get("/-/ready").statusCode() == 200;
        } catch (Exception e) { // RestAssured rethrows the checked ConnectException unchecked
            return false; // not listening yet
        }
    }

    private static Map<String, String> upByJob() {
        JsonPath result = given().baseUri(url).queryParam("query", "up").get("/api/v1/query").jsonPath();
        Map<String, String> byJob = new TreeMap<>();
        List<Map<String, Object>> series = result.getList("data.result");
        for (Map<String, Object> one : series) {
            @SuppressWarnings("unchecked")
            Map<String, String> metric = (Map<String, String>) one.get("metric");
            byJob.put(metric.get("job"), String.valueOf(((List<?>) one.get("value")).get(1)));
        }
        return byJob;
    }
}
