package io.mindmesh.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.TokenRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own counters. Labels are bounded: routes come from {@link RouteTemplate}, tiers
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

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(reason, Counter.builder("gateway_auth_failures_total")
                    .description("Requests refused by authentication or authorization, by reason")
                    .tag("reason", reason.label()).register(registry));
        }
        TIERS.forEach(this::rateLimitRejections);
    }

    /** One answered public request; {@code tier} is the caller's, or {@link #NO_TIER}. */
    public void request(String path, int status, String tier) {
        Counter.builder("gateway_requests_total")
                .description("Public requests answered by the gateway, by route template, status and tier")
                .tag("route", RouteTemplate.of(path)).tag("status", String.valueOf(status))
                .tag("tier", TIERS.contains(tier) ? tier : NO_TIER)
                .register(registry).increment();
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
        return Counter.builder("gateway_rate_limit_rejections_total")
                .description("Requests refused with 429 because the key's budget was spent, by tier")
                .tag("tier", tier).register(registry);
    }
}
