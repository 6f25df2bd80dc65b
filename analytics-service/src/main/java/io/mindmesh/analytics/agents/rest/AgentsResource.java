package io.mindmesh.analytics.agents.rest;

import io.mindmesh.analytics.agents.AgentsResponse;
import io.mindmesh.analytics.agents.service.AgentsService;
import io.mindmesh.common.request.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public API names the agent list both {@code GET /api/v1/agents} and
 * {@code GET /api/v1/agents/list} (docs/public-api.md#agents-list).
 */
@Path("/api/v1/agents")
@Tag(name = "Analytics agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final AgentsService service;

    public AgentsResource(AgentsService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List the agents that appear in the caller's events, first seen first")
    public AgentsResponse list(@Context HttpHeaders headers) {
        return service.list(Caller.from(headers));
    }

    @GET
    @Path("/list")
    @Operation(summary = "Same as GET /api/v1/agents")
    public AgentsResponse listAlias(@Context HttpHeaders headers) {
        return list(headers);
    }
}
