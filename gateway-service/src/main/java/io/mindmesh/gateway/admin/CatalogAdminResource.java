package io.mindmesh.gateway.admin;

import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.gateway.http.Answer;
import io.mindmesh.gateway.routing.Forwarder;
import io.mindmesh.gateway.routing.Route;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Operators manage the catalog (agents with versions, workflows, apps) and the orchestrator's LLM
 * providers here; the owning service (registry, orchestrator) documents the bodies. The gateway
 * checks the operator role and passes the call on unchanged to the internal path that the route
 * table names, with the operator in {@code X-Operator}.
 */
@Path("/v1/admin/{path: (?:agents|workflows|apps|llm-providers)(?:/.*)?}")
@Consumes(MediaType.WILDCARD)
@RolesAllowed("operator")
public class CatalogAdminResource {

    /** Who made an operator call, for the service's audit. */
    static final String OPERATOR_HEADER = "X-Operator";

    private final Forwarder forwarder;
    private final SecurityIdentity operator;
    private final CurrentCaller caller;

    CatalogAdminResource(Forwarder forwarder, SecurityIdentity operator, CurrentCaller caller) {
        this.forwarder = forwarder;
        this.operator = operator;
        this.caller = caller;
    }

    @GET
    public CompletionStage<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", uri, headers, null);
    }

    @POST
    public CompletionStage<Response> post(@Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("POST", uri, headers, body);
    }

    @PUT
    public CompletionStage<Response> put(@Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("PUT", uri, headers, body);
    }

    @PATCH
    public CompletionStage<Response> patch(@Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        return forward("PATCH", uri, headers, body);
    }

    @DELETE
    public CompletionStage<Response> delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", uri, headers, null);
    }

    private CompletionStage<Response> forward(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Route route = caller.route();
        String query = uri.getRequestUri().getRawQuery();
        String target = route.downstreamPath(uri.getRequestUri().getRawPath()) + (query == null ? "" : "?" + query);
        return forwarder.forward(route, method, target, headers::getHeaderString, body, operatorHeaders(operator))
                .map(Answer::toResponse).toCompletionStage();
    }

    static Map<String, String> operatorHeaders(SecurityIdentity operator) {
        return Map.of(OPERATOR_HEADER, operator.getPrincipal().getName());
    }
}
