package io.mindmesh.analytics.events.rest;

import io.mindmesh.analytics.events.AgentEventsRequest;
import io.mindmesh.analytics.events.AgentEventsResponse;
import io.mindmesh.analytics.events.service.AgentEventsService;
import io.mindmesh.common.request.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/events")
@Tag(name = "Analytics events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentEventsResource {

    private final AgentEventsService service;

    public AgentEventsResource(AgentEventsService service) {
        this.service = service;
    }

    @POST
    @Path("/agent")
    @Operation(summary = "Query one agent's analytics events, newest first")
    public AgentEventsResponse query(
            @Valid @NotNull(message = "A JSON request body is required") AgentEventsRequest request,
            @Context HttpHeaders headers) {
        return service.query(Caller.from(headers), request);
    }
}
