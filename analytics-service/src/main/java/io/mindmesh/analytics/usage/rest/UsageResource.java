package io.mindmesh.analytics.usage.rest;

import io.mindmesh.analytics.usage.UsageReport;
import io.mindmesh.analytics.usage.service.UsageReports;
import io.mindmesh.common.request.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/analytics/usage")
@Tag(name = "Usage reports")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageReports reports;

    public UsageResource(UsageReports reports) {
        this.reports = reports;
    }

    @GET
    @Operation(summary = "The caller's agent invocations per agent and UTC day: counts, success rate, latency, cost")
    public UsageReport usage(@QueryParam("startDate") String startDate, @QueryParam("endDate") String endDate,
            @QueryParam("agentId") String agentId, @QueryParam("environment") String environment,
            @Context HttpHeaders headers) {
        return reports.forCaller(Caller.from(headers), agentId, environment, startDate, endDate);
    }
}
