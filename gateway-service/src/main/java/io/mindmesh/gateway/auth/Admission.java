package io.mindmesh.gateway.auth;

import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.routing.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What the gateway decided about one request before anything serves it: the row of the route table
 * it matched, its API-key caller and its rate-limit decision. {@link ApiKeyAuthenticator} fills it
 * in; it lives in the request's routing context, where the forward, the JAX-RS resources (through
 * {@link CurrentCaller}) and the answer's headers and metrics read it.
 */
public final class Admission {

    private static final String KEY = Admission.class.getName();

    private final Optional<Route> route;
    private volatile AuthenticatedKey key;
    private volatile Decision rateLimit;

    private Admission(Optional<Route> route) {
        this.route = route;
    }

    /** The request's admission, begun with the row it matched (empty outside the table). */
    public static Admission begin(RoutingContext context, Optional<Route> route) {
        Admission admission = new Admission(route);
        context.put(KEY, admission);
        return admission;
    }

    /** The admission of a request the gateway's edge route has seen, or null for one it has not. */
    public static Admission of(RoutingContext context) {
        return context == null ? null : context.get(KEY);
    }

    public Optional<Route> route() {
        return route;
    }

    void admit(AuthenticatedKey key, Decision rateLimit) {
        this.key = key;
        this.rateLimit = rateLimit;
    }

    void rateLimit(Decision rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Optional<AuthenticatedKey> key() {
        return Optional.ofNullable(key);
    }

    public Optional<Decision> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }
}
