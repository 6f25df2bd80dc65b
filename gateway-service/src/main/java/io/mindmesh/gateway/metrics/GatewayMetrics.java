package io.mindmesh.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.TokenRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own counters. Labels are bounded: routes are the templates of the route table, tiers
 * and reasons from fixed lists, statuses are HTTP codes; nothing a caller sends, least of all a
 * key, becomes a label. The series that alerts and dashboards read exist from start-up at zero.
 */
@ApplicationScoped
public class GatewayMetrics {

    /** The tier label of a request without a valid key (operator calls, refusals, /health). */
    public static final String NO_TIER = "none";
    private static final List<String> TIERS = List.of("developer", "business", "enterprise");

    private final MeterRegistry registry;
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);
    private final Map<String, Counter> rateLimitRejections = new ConcurrentHashMap<>();
    /** By route, status and tier: bounded (see the class comment), so each is built once and kept. */
    private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final Counter serviceTokenFailures;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(reason, Counter.builder("gateway_auth_failures_total")
                    .description("Requests refused by authentication or authorization, by reason")
                    .tag("reason", reason.label()).register(registry));
        }
        TIERS.forEach(this::rateLimitRejections);
        serviceTokenFailures = Counter.builder("gateway_service_token_failures_total")
                .description("Requests answered 503 because Keycloak could not issue the gateway's service token")
                .register(registry);
    }

    /**
     * One answered public request; {@code route} is its label in the route table (never a raw
     * path), {@code tier} the caller's, or {@link #NO_TIER}.
     */
    public void request(String route, int status, String tier) {
        List<String> labels = List.of(route, String.valueOf(status), TIERS.contains(tier) ? tier : NO_TIER);
        requests.computeIfAbsent(labels, l -> Counter.builder("gateway_requests_total")
                .description("Public requests answered by the gateway, by route template, status and tier")
                .tag("route", l.get(0)).tag("status", l.get(1)).tag("tier", l.get(2))
                .register(registry)).increment();
    }

    public void serviceTokenFailure() {
        serviceTokenFailures.increment();
    }

    public void authFailure(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    /** Keycloak token refusals come from the shared mappers; at the gateway only operator paths take tokens. */
    void tokenRefused(@Observes TokenRefusal refusal) {
        authFailure(refusal == TokenRefusal.NO_VALID_TOKEN ? AuthFailure.OPERATOR_TOKEN : AuthFailure.OPERATOR_ROLE);
    }

    public void rateLimited(String tier) {
        rateLimitRejections(tier).increment();
    }

    private Counter rateLimitRejections(String tier) {
        return rateLimitRejections.computeIfAbsent(tier, t -> Counter.builder("gateway_rate_limit_rejections_total")
                .description("Requests refused with 429 because the key's budget was spent, by tier")
                .tag("tier", t).register(registry));
    }
}
