package io.mindmesh.orchestrator.workflow.rest;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.stream.rest.StreamResource;
import io.mindmesh.orchestrator.stream.service.EventStreams;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The {@code stream_url} of a workflow run: the same events as {@code /v1/executions/{id}/stream}. */
@Path("/api/v1/workflows/execute/{id}/stream")
@Tag(name = "Workflows")
public class WorkflowStreamResource {

    private final EventStreams streams;

    public WorkflowStreamResource(EventStreams streams) {
        this.streams = streams;
    }

    @GET
    @Blocking // the ownership check reads PostgreSQL
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Follow a workflow run as server-sent events", description = "id = sequence, event ="
            + " type, data = JSON; ends after the final event. Last-Event-ID (or lastEventId) resumes after it.")
    public Multi<OutboundSseEvent> stream(@Context HttpHeaders headers, @PathParam("id") String id,
            @HeaderParam(StreamResource.LAST_EVENT_ID) String lastEventIdHeader,
            @QueryParam("lastEventId") String lastEventIdQuery, @Context Sse sse) {
        long after = StreamResource.resumeAfter(lastEventIdHeader, lastEventIdQuery);
        streams.requireOwned(Caller.from(headers), id);
        return streams.open(id, after, sse);
    }
}
