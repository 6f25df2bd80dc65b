package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.gateway.idempotency.Idempotency;
import io.smallrye.common.annotation.Blocking;
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
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The public paths that other services own. The API-key filter matches the request in
 * {@link Routes} (a path outside the table is a 404 there, after the key is checked); this class
 * forwards what matched. Each service documents its own endpoints in its OpenAPI.
 *
 * <p>The methods are blocking because the filter before them may read PostgreSQL and Redis; the
 * forward itself holds no thread while the service works.
 */
@Path("/{path: v1/(?:orchestrate|executions|agents|wallet|workflows|events|analytics)(?:/.*)?|api/v1/.+|developer/v2/.+}")
@Consumes(MediaType.WILDCARD)
@Blocking
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
    public CompletionStage<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", uri, headers, null);
    }

    @POST
    @Operation(summary = "Forwarded to the owning service")
    public CompletionStage<Response> post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        String key = headers.getHeaderString(Idempotency.HEADER);
        if (key == null) {
            return forward("POST", uri, headers, body);
        }
        return idempotency.execute(caller.get().accountId(), key, "POST", uri.getRequestUri().getRawPath(), body,
                () -> forward("POST", uri, headers, body));
    }

    @PATCH
    @Operation(summary = "Forwarded to the owning service")
    public CompletionStage<Response> patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("PATCH", uri, headers, body);
    }

    @DELETE
    @Operation(summary = "Forwarded to the owning service")
    public CompletionStage<Response> delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", uri, headers, null);
    }

    private CompletionStage<Response> forward(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Route route = caller.route();
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        // A route without a key (a poll token) carries no account: the service learns nobody's identity.
        Map<String, String> identity = route.auth() == Route.Auth.API_KEY ? caller.get().identityHeaders() : Map.of();
        return forwarder.forward(route, method, query == null ? path : path + "?" + query, headers, body, identity);
    }
}
