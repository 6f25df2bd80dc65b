package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.account.AccountService;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.ratelimit.RateLimitHeaders;
import io.mindmesh.gateway.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates and rate-limits every public API path. The key is presented as
 * {@code Authorization: Bearer mk_…} (seed 000) or {@code x-api-key: mk_…} (seed 003). Operator
 * paths ({@code /v1/admin}) use Keycloak tokens instead and are left to Quarkus security.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final AccountService accounts;
    private final RateLimiter rateLimiter;
    private final CurrentCaller caller;
    private final MeterRegistry metrics;

    ApiKeyFilter(AccountService accounts, RateLimiter rateLimiter, CurrentCaller caller, MeterRegistry metrics) {
        this.accounts = accounts;
        this.rateLimiter = rateLimiter;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter(priority = 1000)
    public void authenticate(ContainerRequestContext request) {
        if (!requiresApiKey(request.getUriInfo().getPath())) {
            return;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            throw rejected("missing");
        }
        AuthenticatedKey key = accounts.authenticate(presented).orElseThrow(() -> rejected("invalid"));
        if (!key.accountActive()) {
            metrics.counter("gateway_auth_failures_total", "reason", "suspended").increment();
            throw new ApiException(403, ErrorCode.FORBIDDEN, "The account is suspended");
        }
        Decision decision = rateLimiter.check(key.keyId(), key.limits());
        caller.set(key, decision);
        if (!decision.admitted()) {
            metrics.counter("gateway_rate_limit_rejections_total", "tier", key.tier()).increment();
            throw tooManyRequests(decision);
        }
    }

    /** Every authenticated answer, success or error, tells the caller where its budget stands. */
    @ServerResponseFilter
    public void rateLimitHeaders(ContainerResponseContext response) {
        caller.rateLimit().ifPresent(d -> RateLimitHeaders.write(d, Instant.now().getEpochSecond(),
                response.getHeaders()));
    }

    static boolean requiresApiKey(String path) {
        return (path.startsWith("/v1/") && !path.startsWith("/v1/admin/")) || path.startsWith("/api/v1/");
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        String apiKey = request.getHeaderString("x-api-key");
        return apiKey == null ? null : apiKey.trim();
    }

    private ApiException rejected(String reason) {
        metrics.counter("gateway_auth_failures_total", "reason", reason).increment();
        return new ApiException(401, ErrorCode.UNAUTHORIZED, "Invalid or missing API key");
    }

    private static ApiException tooManyRequests(Decision d) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("retryAfter", d.retryAfterSeconds());
        extra.put("limit", d.limits().perMinute());
        extra.put("remaining", 0);
        extra.put("resetAt", d.reset().toString());
        return new ApiException(429, ErrorCode.RATE_LIMIT_EXCEEDED,
                "Rate limit exceeded. Try again in " + d.retryAfterSeconds() + " seconds.", extra)
                .retryAfter((int) d.retryAfterSeconds());
    }
}
