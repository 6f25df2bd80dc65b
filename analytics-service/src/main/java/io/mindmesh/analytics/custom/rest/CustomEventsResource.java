package io.mindmesh.analytics.custom.rest;

import io.mindmesh.analytics.custom.CustomEventRequest;
import io.mindmesh.analytics.custom.service.CustomEvents;
import io.mindmesh.common.request.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Validation happens in {@link CustomEvents} rather than with {@code @Valid} here, so that refused
 * requests are counted with the others.
 */
@Path("/v1/events")
@Tag(name = "Custom events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomEventsResource {

    private final CustomEvents events;

    public CustomEventsResource(CustomEvents events) {
        this.events = events;
    }

    @POST
    @Operation(summary = "Record a custom analytics event for the caller's account",
            description = "201 with the stored event; 200 with the same event when eventId was already recorded"
                    + " with this body; 409 when it was recorded with another. Agents should send it without"
                    + " waiting on or failing over the answer: it never affects an execution.")
    public Response record(CustomEventRequest request, @Context HttpHeaders headers) {
        CustomEvents.Recorded recorded = events.record(Caller.from(headers), request);
        return Response.status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(recorded.event())
                .build();
    }
}
