package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.account.AccountService;
import io.mindmesh.gateway.account.KeyMaterial;
import io.mindmesh.gateway.http.Offload;
import io.mindmesh.gateway.metrics.AuthFailure;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.ratelimit.Limits;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import io.mindmesh.gateway.ratelimit.RateLimiter;
import io.mindmesh.gateway.routing.Route;
import io.mindmesh.gateway.routing.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Authenticates, rate-limits and authorizes every public API path, as its row in {@link Routes}
 * says. The key is presented as {@code Authorization: Bearer mk_…} or {@code x-api-key: mk_…}.
 * Operator paths ({@code /v1/admin}) use Keycloak tokens instead and are left to Quarkus security.
 * A path outside the table under an API-key prefix asks for a key first and only then answers 404.
 *
 * <p>Failed authentications are limited per client address ({@link FailedAuthentications}) and a
 * hash that matched no usable key is answered from memory for a while ({@link KeyCache}), so that
 * guessing keys costs the guesser, not PostgreSQL.
 *
 * <p>The scope is checked after the rate limit, so that requests a key may not make still spend
 * its budget: a leaked narrow key cannot probe the API for free.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer ";

    private final AccountService accounts;
    private final KeyCache keyCache;
    private final RateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final RateLimitConfig rateLimits;
    private final FailedAuthentications failures;

    ApiKeyAuthenticator(AccountService accounts, KeyCache keyCache, RateLimiter rateLimiter, GatewayMetrics metrics,
            RateLimitConfig rateLimits, FailedAuthentications failures) {
        this.rateLimits = rateLimits;
        this.failures = failures;
        this.accounts = accounts;
        this.keyCache = keyCache;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
    }

    /**
     * Completes when the request may go on, or fails with the {@link ApiException} to answer. Runs
     * on the event loop: a cached key and a leased rate-limit token complete at once, with nothing
     * asynchronous built; a key read from PostgreSQL is offloaded to a worker, and a count that
     * needs Redis answers on the request's context.
     *
     * @param path the request's path, decoded and normalised, as {@code admission}'s route was matched
     */
    public Future<Void> admit(Admission admission, String path, HttpServerRequest request) {
        Optional<Route> route = admission.route();
        Route.Auth auth = route.map(Route::auth).orElseGet(() -> Routes.authOfUnknown(path));
        if (auth == Route.Auth.OPERATOR) {
            return Future.succeededFuture();
        }
        if (auth == Route.Auth.NONE) {
            return route.isPresent() && route.get().limitByClientIp()
                    ? limitClient(request, admission)
                    : Future.succeededFuture();
        }
        String presented = presentedKey(request);
        if (presented == null) {
            return Future.failedFuture(rejected(AuthFailure.MISSING));
        }
        String client = clientAddress(request);
        if (!KeyMaterial.wellFormed(presented)) {
            return Future.failedFuture(invalidKey(client));
        }
        String hash = KeyMaterial.hash(presented);
        if (keyCache.knownUnusable(hash)) {
            return Future.failedFuture(invalidKey(client));
        }
        Optional<AuthenticatedKey> cached = keyCache.fresh(hash);
        Future<Optional<AuthenticatedKey>> found = cached.isPresent() ? Future.succeededFuture(cached)
                : Offload.blocking(() -> keyCache.lookup(hash, accounts::authenticate));
        return found.compose(presentedKey -> {
            AuthenticatedKey key = presentedKey.orElseThrow(() -> invalidKey(client));
            if (!key.accountActive()) {
                metrics.authFailure(AuthFailure.SUSPENDED);
                throw new ApiException(403, ErrorCode.FORBIDDEN, "The account is suspended");
            }
            return count(key.keyId(), key.limits()).map(decision -> {
                admission.admit(key, decision);
                authorize(key, decision, route);
                return null;
            });
        });
    }

    /** From this replica's lease at once when it has a token, otherwise through Redis. */
    private Future<Decision> count(String bucket, Limits limits) {
        Decision leased = rateLimiter.fromLease(bucket, limits);
        return leased != null ? Future.succeededFuture(leased)
                : Future.fromCompletionStage(rateLimiter.check(bucket, limits).subscribeAsCompletionStage(),
                        Vertx.currentContext());
    }

    /** After the count: over budget is 429, a missing scope 403, a path outside the table 404. */
    private void authorize(AuthenticatedKey key, Decision decision, Optional<Route> route) {
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
    private Future<Void> limitClient(HttpServerRequest request, Admission admission) {
        return count("ip:" + clientAddress(request), rateLimits.perClientIp().limits()).map(decision -> {
            admission.rateLimit(decision);
            if (!decision.admitted()) {
                metrics.rateLimited(GatewayMetrics.NO_TIER);
                throw tooManyRequests(decision);
            }
            return null;
        });
    }

    private static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        String apiKey = request.getHeader("x-api-key");
        return apiKey == null ? null : apiKey.trim();
    }

    private static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /**
     * A presented key that is malformed or matches no usable key: 401, or 429 once its address has
     * failed more than {@code gateway.auth-failures.per-minute} times this minute.
     */
    private ApiException invalidKey(String client) {
        OptionalLong wait = failures.fail(client);
        if (wait.isEmpty()) {
            return rejected(AuthFailure.INVALID);
        }
        metrics.authFailure(AuthFailure.THROTTLED);
        int seconds = (int) wait.getAsLong();
        return new ApiException(429, ErrorCode.RATE_LIMIT_EXCEEDED,
                "Too many failed authentications from this address. Try again in " + seconds + " seconds.",
                Map.of("retryAfter", seconds)).retryAfter(seconds);
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
