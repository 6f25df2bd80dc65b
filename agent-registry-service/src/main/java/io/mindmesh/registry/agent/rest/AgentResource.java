package io.mindmesh.registry.agent.rest;

import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentFilter;
import io.mindmesh.registry.agent.AgentStatus;
import io.mindmesh.registry.agent.service.AgentService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Public reads of the agent catalog, through the gateway; runtimes show only their type (see {@link AgentResponse}). */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    private final AgentService service;

    AgentResource(AgentService service) {
        this.service = service;
    }

    /**
     * Page and limit arrive as text: a typed query parameter that does not parse would be a 404
     * under JAX-RS rules, and the caller deserves a 400 that names the parameter.
     */
    @GET
    public Page<AgentResponse> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("vertical") String vertical, @QueryParam("capability") String capability,
            @QueryParam("status") String status, @QueryParam("sort") String sort) {
        PageQuery pageQuery = PageQuery.parse(page, limit);
        Sort order = Sort.parse(sort, AgentService.SORT_FIELDS, AgentService.DEFAULT_SORT);
        var filter = new AgentFilter(blankToNull(vertical), blankToNull(capability), AgentStatus.parse(status));
        Page<Agent> agents = service.list(filter, order, pageQuery);
        return new Page<>(agents.data().stream().map(AgentResponse::forConsumers).toList(), agents.pagination());
    }

    @GET
    @Path("{id}")
    public AgentResponse get(@PathParam("id") String id) {
        return AgentResponse.forConsumers(service.get(id));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
