package io.mindmesh.gateway.routing;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.gateway.idempotency.Idempotency;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The public paths that other services own. The gateway authenticates (see the API-key filter)
 * and forwards; each service documents its own endpoints in its OpenAPI.
 */
@Path("/{path: v1/(?:orchestrate|executions|agents|wallet|workflows|events|analytics)(?:/.*)?|api/v1/.+}")
@Consumes(MediaType.WILDCARD)
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
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", uri, headers, null);
    }

    @POST
    @Operation(summary = "Forwarded to the owning service")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        String key = headers.getHeaderString(Idempotency.HEADER);
        if (key == null) {
            return forward("POST", uri, headers, body);
        }
        return idempotency.execute(caller.get().accountId(), key, "POST", uri.getRequestUri().getRawPath(), body,
                () -> forward("POST", uri, headers, body));
    }

    @PATCH
    @Operation(summary = "Forwarded to the owning service")
    public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("PATCH", uri, headers, body);
    }

    @DELETE
    @Operation(summary = "Forwarded to the owning service")
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", uri, headers, null);
    }

    private Response forward(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        String path = uri.getRequestUri().getRawPath();
        Downstream downstream = Downstream.owning(path).orElseThrow(() -> ApiException.notFound("Resource"));
        String query = uri.getRequestUri().getRawQuery();
        return forwarder.forward(downstream, method, query == null ? path : path + "?" + query, headers, body,
                caller.get().identityHeaders());
    }
}
