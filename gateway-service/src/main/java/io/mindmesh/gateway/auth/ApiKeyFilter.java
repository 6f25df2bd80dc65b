package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.account.AccountService;
import io.mindmesh.gateway.account.KeyMaterial;
import io.mindmesh.gateway.metrics.AuthFailure;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.ratelimit.RateLimitHeaders;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import io.mindmesh.gateway.ratelimit.RateLimiter;
import io.mindmesh.gateway.routing.Route;
import io.mindmesh.gateway.routing.Routes;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates, rate-limits and authorizes every public API path, as its row in {@link Routes}
 * says. The key is presented as {@code Authorization: Bearer mk_…} or {@code x-api-key: mk_…}.
 * Operator paths ({@code /v1/admin}) use Keycloak tokens instead and are left to Quarkus security.
 * A path outside the table under an API-key prefix asks for a key first and only then answers 404.
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
    private final RateLimitConfig rateLimits;

    ApiKeyFilter(AccountService accounts, KeyCache keyCache, RateLimiter rateLimiter, CurrentCaller caller,
            GatewayMetrics metrics, RateLimitConfig rateLimits) {
        this.rateLimits = rateLimits;
        this.accounts = accounts;
        this.keyCache = keyCache;
        this.rateLimiter = rateLimiter;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter(priority = 1000)
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        Optional<Route> route = Routes.match(request.getMethod(), path);
        route.ifPresent(caller::route);
        Route.Auth auth = route.map(Route::auth).orElseGet(() -> Routes.authOfUnknown(path));
        if (auth == Route.Auth.OPERATOR) {
            return;
        }
        if (auth == Route.Auth.NONE) {
            if (route.isPresent() && route.get().limitByClientIp()) {
                limitClient(http);
            }
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
        Set<Scope> lacking = key.lacking(route.flatMap(Route::scope).stream().toList());
        if (!lacking.isEmpty()) {
            metrics.authFailure(AuthFailure.SCOPE);
            throw Scope.missing(lacking, "This API key does not have the scope this request needs");
        }
        if (route.isEmpty()) {
            throw ApiException.notFound("Resource");
        }
    }

    /** A route without a key is limited per client address, so that nobody can poll it flat out. */
    private void limitClient(HttpServerRequest http) {
        String client = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        Decision decision = rateLimiter.check("ip:" + client, rateLimits.perClientIp().limits());
        caller.rateLimit(decision);
        if (!decision.admitted()) {
            metrics.rateLimited(GatewayMetrics.NO_TIER);
            throw tooManyRequests(decision);
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
        if (Routes.isPublic(path)) {
            String label = caller.findRoute().or(() -> Routes.match(request.getMethod(), path))
                    .map(Route::label).orElse(Routes.OTHER);
            metrics.request(label, response.getStatus(),
                    caller.find().map(AuthenticatedKey::tier).orElse(GatewayMetrics.NO_TIER));
        }
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
