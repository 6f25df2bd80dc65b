package io.mindmesh.gateway.admin;

import io.mindmesh.gateway.routing.Downstream;
import io.mindmesh.gateway.routing.Forwarder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
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

    AnalyticsAdminResource(Forwarder forwarder, SecurityIdentity operator) {
        this.forwarder = forwarder;
        this.operator = operator;
    }

    @GET
    @Operation(summary = "Usage report of every account, forwarded to analytics-service")
    public Response usage(@Context UriInfo uri, @Context HttpHeaders headers) {
        String query = uri.getRequestUri().getRawQuery();
        return forwarder.forward(Downstream.ANALYTICS, "GET",
                "/internal/v1/analytics/usage" + (query == null ? "" : "?" + query), headers, null,
                Map.of(CatalogAdminResource.OPERATOR_HEADER, operator.getPrincipal().getName()));
    }
}
