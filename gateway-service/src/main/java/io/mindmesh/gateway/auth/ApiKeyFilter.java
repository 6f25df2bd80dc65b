package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.account.AccountService;
import io.mindmesh.gateway.account.KeyMaterial;
import io.mindmesh.gateway.metrics.AuthFailure;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.ratelimit.RateLimitHeaders;
import io.mindmesh.gateway.ratelimit.RateLimiter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates, rate-limits and authorizes every public API path. The key is presented as
 * {@code Authorization: Bearer mk_…} (seed 000) or {@code x-api-key: mk_…} (seed 003). Operator
 * paths ({@code /v1/admin}) use Keycloak tokens instead and are left to Quarkus security.
 *
 * <p>The scope is checked after the rate limit, so that requests a key may not make still spend
 * its budget: a leaked narrow key cannot probe the API for free.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final AccountService accounts;
    private final KeyCache keyCache;
    private final RateLimiter rateLimiter;
    private final CurrentCaller caller;
    private final GatewayMetrics metrics;

    ApiKeyFilter(AccountService accounts, KeyCache keyCache, RateLimiter rateLimiter, CurrentCaller caller,
            GatewayMetrics metrics) {
        this.accounts = accounts;
        this.keyCache = keyCache;
        this.rateLimiter = rateLimiter;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter(priority = 1000)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!requiresApiKey(path)) {
            return;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            throw rejected(AuthFailure.MISSING);
        }
        if (!KeyMaterial.wellFormed(presented)) {
            throw rejected(AuthFailure.INVALID);
        }
        AuthenticatedKey key = keyCache.lookup(KeyMaterial.hash(presented), accounts::authenticate)
                .orElseThrow(() -> rejected(AuthFailure.INVALID));
        if (!key.accountActive()) {
            metrics.authFailure(AuthFailure.SUSPENDED);
            throw new ApiException(403, ErrorCode.FORBIDDEN, "The account is suspended");
        }
        Decision decision = rateLimiter.check(key.keyId(), key.limits());
        caller.set(key, decision);
        if (!decision.admitted()) {
            metrics.rateLimited(key.tier());
            throw tooManyRequests(decision);
        }
        Set<Scope> lacking = key.lacking(Scope.requiredFor(request.getMethod(), path).stream().toList());
        if (!lacking.isEmpty()) {
            metrics.authFailure(AuthFailure.SCOPE);
            throw Scope.missing(lacking, "This API key does not have the scope this request needs");
        }
    }

    /**
     * Every authenticated answer, success or error, tells the caller where its budget stands; every
     * public answer is counted.
     */
    @ServerResponseFilter
    public void afterResponse(ContainerRequestContext request, ContainerResponseContext response) {
        caller.rateLimit().ifPresent(d -> RateLimitHeaders.write(d, Instant.now().getEpochSecond(),
                response.getHeaders()));
        String path = request.getUriInfo().getPath();
        if (isPublic(path)) {
            metrics.request(path, response.getStatus(),
                    caller.find().map(AuthenticatedKey::tier).orElse(GatewayMetrics.NO_TIER));
        }
    }

    static boolean requiresApiKey(String path) {
        return (path.startsWith("/v1/") && !path.startsWith("/v1/admin/")) || path.startsWith("/api/v1/");
    }

    /** The paths of the public API, operator paths included; not /q/ (health probes, metrics). */
    static boolean isPublic(String path) {
        return path.startsWith("/v1/") || path.startsWith("/api/v1/") || "/health".equals(path);
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        String apiKey = request.getHeaderString("x-api-key");
        return apiKey == null ? null : apiKey.trim();
    }

    private ApiException rejected(AuthFailure reason) {
        metrics.authFailure(reason);
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
