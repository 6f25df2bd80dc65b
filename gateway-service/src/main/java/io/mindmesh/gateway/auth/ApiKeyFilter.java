package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.account.AccountService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every public API path with an API key, presented as {@code Authorization: Bearer
 * mk_…} (seed 000) or {@code x-api-key: mk_…} (seed 003). Operator paths ({@code /v1/admin}) use
 * Keycloak tokens instead and are left to Quarkus security.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final AccountService accounts;
    private final CurrentCaller caller;
    private final MeterRegistry metrics;

    ApiKeyFilter(AccountService accounts, CurrentCaller caller, MeterRegistry metrics) {
        this.accounts = accounts;
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
            throw rejected("missing", "Invalid or missing API key");
        }
        AuthenticatedKey key = accounts.authenticate(presented)
                .orElseThrow(() -> rejected("invalid", "Invalid or missing API key"));
        if (!key.accountActive()) {
            metrics.counter("gateway_auth_failures_total", "reason", "suspended").increment();
            throw new ApiException(403, ErrorCode.FORBIDDEN, "The account is suspended");
        }
        caller.set(key);
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

    private ApiException rejected(String reason, String message) {
        metrics.counter("gateway_auth_failures_total", "reason", reason).increment();
        return new ApiException(401, ErrorCode.UNAUTHORIZED, message);
    }
}
