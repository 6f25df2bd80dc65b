package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.gateway.idempotency.Idempotency;
import io.mindmesh.gateway.idempotency.IdempotencyStore;
import io.mindmesh.gateway.http.Offload;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The public paths that other services own. The API-key filter matches the request in
 * {@link Routes} (a path outside the table is a 404 there, after the key is checked); this class
 * forwards what matched. Each service documents its own endpoints in its OpenAPI.
 *
 * <p>Everything runs on the event loop: the filter before it needs a thread only to read a key that
 * is not cached, and the forward holds none while the service works. Only an idempotent POST
 * reads and writes its record on a worker.
 */
@Path("/{path: v1/(?:orchestrate|executions|agents|wallet|workflows|events|analytics)(?:/.*)?|api/v1/.+|developer/v2/.+}")
@Consumes(MediaType.WILDCARD)
@NonBlocking
public class ProxyResource {

    private final Forwarder forwarder;
    private final CurrentCaller caller;
    private final Idempotency idempotency;

    ProxyResource(Forwarder forwarder, CurrentCaller caller, Idempotency idempotency) {
        this.forwarder = forwarder;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "Forwarded to the owning service")
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", uri, headers, null);
    }

    @POST
    @Operation(summary = "Forwarded to the owning service")
    public Uni<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        String key = headers.getHeaderString(Idempotency.HEADER);
        if (key == null) {
            return forward("POST", uri, headers, body);
        }
        // Read here, on the request's thread: the record is kept on a worker, outside the request scope.
        AuthenticatedKey authenticated = caller.get();
        IdempotencyStore.Scope scope = new IdempotencyStore.Scope(authenticated.accountId(), authenticated.environment());
        Route route = caller.route();
        Map<String, String> identity = identity(route);
        String path = uri.getRequestUri().getRawPath();
        String target = target(uri);
        return Offload.blocking(() -> idempotency.execute(scope, key, "POST", path, body,
                () -> forwarder.forward(route, "POST", target, headers, body, identity).subscribeAsCompletionStage()))
                .flatMap(answer -> Uni.createFrom().completionStage(answer));
    }

    @PATCH
    @Operation(summary = "Forwarded to the owning service")
    public Uni<Response> patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("PATCH", uri, headers, body);
    }

    @DELETE
    @Operation(summary = "Forwarded to the owning service")
    public Uni<Response> delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", uri, headers, null);
    }

    private Uni<Response> forward(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Route route = caller.route();
        return forwarder.forward(route, method, target(uri), headers, body, identity(route));
    }

    /** A route without a key (a poll token) carries no account: the service learns nobody's identity. */
    private Map<String, String> identity(Route route) {
        return route.auth() == Route.Auth.API_KEY ? caller.get().identityHeaders() : Map.of();
    }

    /** The path and query as the caller sent them, still encoded: public paths are forwarded unchanged. */
    static String target(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }
}
