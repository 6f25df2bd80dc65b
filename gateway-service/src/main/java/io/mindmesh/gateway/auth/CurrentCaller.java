package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.routing.Route;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The current request's route in the table, its API-key caller and its rate-limit decision, set by
 * {@link ApiKeyFilter}.
 */
@RequestScoped
public class CurrentCaller {

    private Route route;
    private AuthenticatedKey key;
    private Decision rateLimit;

    void route(Route route) {
        this.route = route;
    }

    void set(AuthenticatedKey key, Decision rateLimit) {
        this.key = key;
        this.rateLimit = rateLimit;
    }

    void rateLimit(Decision rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** The matched route; the filter answers 404 before a resource runs for a path outside the table. */
    public Route route() {
        if (route == null) {
            throw ApiException.notFound("Resource");
        }
        return route;
    }

    public Optional<Route> findRoute() {
        return Optional.ofNullable(route);
    }

    public AuthenticatedKey get() {
        if (key == null) {
            throw new ApiException(401, ErrorCode.UNAUTHORIZED, "Invalid or missing API key");
        }
        return key;
    }

    public Optional<AuthenticatedKey> find() {
        return Optional.ofNullable(key);
    }

    public Optional<Decision> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }
}
