package io.mindmesh.registry.workflow.rest;

import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.service.WorkflowService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Public reads of the workflow catalog, through the gateway; any caller, the catalog is not tenant data. */
@Path("/v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    private final WorkflowService service;

    WorkflowResource(WorkflowService service) {
        this.service = service;
    }

    @GET
    public Page<Workflow> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("agentId") String agentId, @QueryParam("sort") String sort) {
        PageQuery pageQuery = PageQuery.parse(page, limit);
        Sort order = Sort.parse(sort, WorkflowService.SORT_FIELDS, WorkflowService.DEFAULT_SORT);
        return service.list(agentId == null || agentId.isBlank() ? null : agentId.trim(), order, pageQuery);
    }

    @GET
    @Path("{slug}")
    public Workflow get(@PathParam("slug") String slug) {
        return service.get(slug);
    }
}
