package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.awaitExecution;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.Checkout;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard and the Prometheus alerts query
 * ({@code deploy/helm/mindmesh/metrics-used.txt}) is really exported by a running service.
 */
class MetricsExportedIT {

    private static final List<String> SERVICES = List.of("gateway-service", "orchestrator-service",
            "agent-registry-service", "wallet-service", "analytics-service");

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsExported() throws Exception {
        produceEveryKindOfEvent();
        Map<String, String> scraped = new HashMap<>();
        SERVICES.forEach(service -> scraped.put(service, scrape(service)));
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(Checkout.root().resolve("deploy/helm/mindmesh/metrics-used.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            List<String> exporters = "*".equals(fields[1]) ? SERVICES : List.of(fields[1]);
            for (String service : exporters) {
                if (!exported(scraped.get(service), fields[0])) {
                    missing.add(fields[0] + " from " + service);
                }
            }
        }
        assertTrue(missing.isEmpty(), "not exported: " + missing);
    }

    /** Counters appear with their first increment: cause each kind of event once. */
    private static void produceEveryKindOfEvent() {
        as("mk_live_" + "1".repeat(40)).get("/v1/auth/test").then().statusCode(401);
        String limited = Api.operator().body(Map.of("name", "metrics", "tier", "enterprise",
                "rateLimitPerMinute", 1, "rateLimitPerDay", 100))
                .post("/v1/admin/accounts").then().statusCode(201).extract().path("id");
        String limitedKey = key(limited, "live");
        as(limitedKey).get("/v1/auth/test");
        as(limitedKey).get("/v1/auth/test").then().statusCode(429);

        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");
        String executionId = as(liveKey).body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202).extract().path("executionId");
        awaitExecution(liveKey, executionId, execution -> "COMPLETED".equals(execution.getString("status")));
        Await.until(() -> as(liveKey).body(Map.of("agentId", "agent_email_campaign",
                "filters", Map.of("sessionId", executionId))).post("/api/v1/events/agent").<Integer>path("count"),
                count -> count != null && count > 0, Duration.ofSeconds(90), "the execution's events in analytics");
    }

    private static String scrape(String service) {
        return given().baseUri(Platform.shared().url(service)).get("/q/metrics").asString();
    }

    private static boolean exported(String metrics, String series) {
        return Pattern.compile("(?m)^" + Pattern.quote(series) + "[{ ]").matcher(metrics).find();
    }
}
