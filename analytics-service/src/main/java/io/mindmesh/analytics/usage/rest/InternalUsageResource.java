package io.mindmesh.analytics.usage.rest;

import io.mindmesh.analytics.usage.UsageReport;
import io.mindmesh.analytics.usage.service.UsageReports;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator's report, reached through the gateway's {@code GET /v1/admin/analytics/usage}. */
@Path("/internal/v1/analytics/usage")
@Tag(name = "Usage reports")
@Produces(MediaType.APPLICATION_JSON)
public class InternalUsageResource {

    private final UsageReports reports;

    public InternalUsageResource(UsageReports reports) {
        this.reports = reports;
    }

    @GET
    @Operation(summary = "Usage per account, agent and UTC day; every account when accountId is absent")
    public UsageReport usage(@QueryParam("accountId") String accountId, @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate, @QueryParam("agentId") String agentId,
            @QueryParam("environment") String environment) {
        return reports.forOperator(accountId, agentId, environment, startDate, endDate);
    }
}
