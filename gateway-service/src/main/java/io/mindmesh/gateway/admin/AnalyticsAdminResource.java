package io.mindmesh.gateway.admin;

import io.mindmesh.gateway.auth.CurrentCaller;
import io.mindmesh.gateway.http.Answer;
import io.mindmesh.gateway.routing.Forwarder;
import io.mindmesh.gateway.routing.Route;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Usage across all accounts, for operators; analytics-service owns the report and documents its
 * query parameters (an optional {@code accountId} narrows it to one account).
 */
@Path("/v1/admin/analytics/usage")
@RolesAllowed("operator")
public class AnalyticsAdminResource {

    private final Forwarder forwarder;
    private final SecurityIdentity operator;
    private final CurrentCaller caller;

    AnalyticsAdminResource(Forwarder forwarder, SecurityIdentity operator, CurrentCaller caller) {
        this.forwarder = forwarder;
        this.operator = operator;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Usage report of every account, forwarded to analytics-service")
    public CompletionStage<Response> usage(@Context UriInfo uri, @Context HttpHeaders headers) {
        Route route = caller.route();
        String query = uri.getRequestUri().getRawQuery();
        String target = route.downstreamPath(uri.getRequestUri().getRawPath()) + (query == null ? "" : "?" + query);
        return forwarder.forward(route, "GET", target, headers::getHeaderString, null,
                        CatalogAdminResource.operatorHeaders(operator))
                .map(Answer::toResponse).toCompletionStage();
    }
}
