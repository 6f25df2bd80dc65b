package io.mindmesh.gateway.admin;

import io.mindmesh.gateway.routing.Downstream;
import io.mindmesh.gateway.routing.Forwarder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * Operators manage the catalog (agents with versions, workflows) here; the registry owns it and
 * documents the bodies. The gateway checks the operator role and passes the call on unchanged.
 */
@Path("/v1/admin/{path: (?:agents|workflows)(?:/.*)?}")
@Consumes(MediaType.WILDCARD)
@RolesAllowed("operator")
public class CatalogAdminResource {

    /** Who made an operator call, for the service's audit. */
    static final String OPERATOR_HEADER = "X-Operator";

    private final Forwarder forwarder;
    private final SecurityIdentity operator;

    CatalogAdminResource(Forwarder forwarder, SecurityIdentity operator) {
        this.forwarder = forwarder;
        this.operator = operator;
    }

    @GET
    public Response get(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", path, uri, headers, null);
    }

    @POST
    public Response post(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("POST", path, uri, headers, body);
    }

    @PUT
    public Response put(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("PUT", path, uri, headers, body);
    }

    @PATCH
    public Response patch(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("PATCH", path, uri, headers, body);
    }

    private Response forward(String method, String path, UriInfo uri, HttpHeaders headers, byte[] body) {
        String query = uri.getRequestUri().getRawQuery();
        String target = "/internal/v1/" + path + (query == null ? "" : "?" + query);
        return forwarder.forward(Downstream.REGISTRY, method, target, headers, body,
                Map.of(OPERATOR_HEADER, operator.getPrincipal().getName()));
    }
}
