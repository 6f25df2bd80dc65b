package io.mindmesh.orchestrator.execution.rest;

import io.mindmesh.common.paging.Page;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.engine.ExecutionScheduler;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.service.ExecutionQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/executions")
@Tag(name = "Executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private final ExecutionQueries queries;
    private final ExecutionScheduler scheduler;

    public ExecutionResource(ExecutionQueries queries, ExecutionScheduler scheduler) {
        this.queries = queries;
        this.scheduler = scheduler;
    }

    @GET
    @Operation(summary = "List the caller's executions", description = "page, limit (max 100), filters status,"
            + " vertical, startDate, endDate; sort createdAt or status, '-' for descending (default -createdAt).")
    public Page<ExecutionSummary> list(@Context HttpHeaders headers, @QueryParam("page") String page,
            @QueryParam("limit") String limit, @QueryParam("status") String status,
            @QueryParam("vertical") String vertical, @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate, @QueryParam("sort") String sort) {
        Caller caller = Caller.from(headers);
        return queries.list(caller,
                new ExecutionQueries.Filter(page, limit, status, vertical, startDate, endDate, sort));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One execution with its steps, result and costs")
    public ExecutionView get(@Context HttpHeaders headers, @PathParam("id") String id) {
        return queries.get(Caller.from(headers), id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel an execution", description = "Stops running agents and releases the unspent hold."
            + " 202 while CANCELLING, 200 once CANCELLED; cancelling again is harmless.")
    public Response cancel(@Context HttpHeaders headers, @PathParam("id") String id) {
        Caller caller = Caller.from(headers);
        scheduler.cancel(caller, id);
        ExecutionView view = queries.get(caller, id);
        boolean done = ExecutionStatus.valueOf(view.status()).terminal();
        return Response.status(done ? Response.Status.OK : Response.Status.ACCEPTED).entity(view).build();
    }
}
