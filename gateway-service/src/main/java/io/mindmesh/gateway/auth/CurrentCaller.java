package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.routing.Route;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The current request's {@link Admission} (its route in the table, its API-key caller and its
 * rate-limit decision) for the JAX-RS resources that serve it.
 */
@RequestScoped
public class CurrentCaller {

    private final CurrentVertxRequest request;

    CurrentCaller(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The matched route; the edge answers 404 before a resource runs for a path outside the table. */
    public Route route() {
        return findRoute().orElseThrow(() -> ApiException.notFound("Resource"));
    }

    public Optional<Route> findRoute() {
        return admission().flatMap(Admission::route);
    }

    public AuthenticatedKey get() {
        return find().orElseThrow(() -> new ApiException(401, ErrorCode.UNAUTHORIZED, "Invalid or missing API key"));
    }

    public Optional<AuthenticatedKey> find() {
        return admission().flatMap(Admission::key);
    }

    public Optional<Decision> rateLimit() {
        return admission().flatMap(Admission::rateLimit);
    }

    private Optional<Admission> admission() {
        return Optional.ofNullable(Admission.of(request.getCurrent()));
    }
}
