package io.mindmesh.orchestrator.stream.rest;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
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
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/v1/executions/{id}/stream")
@Tag(name = "Executions")
public class StreamResource {

    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private final EventStreams streams;

    public StreamResource(EventStreams streams) {
        this.streams = streams;
    }

    @GET
    @Blocking // the ownership check reads PostgreSQL; a Multi would otherwise start on the event loop
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // The data is JSON text already: written as is. Set here rather than on each event, where
    // Quarkus would also write it into the stream as a "content-type:" field.
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Follow an execution as server-sent events", description = "Replays the execution's events"
            + " and streams new ones until the final one: id = sequence, event = type, data = the event's data."
            + " Last-Event-ID (or lastEventId) resumes after that sequence.")
    public Multi<OutboundSseEvent> stream(@Context HttpHeaders headers, @PathParam("id") String id,
            @HeaderParam(LAST_EVENT_ID) String lastEventIdHeader, @QueryParam("lastEventId") String lastEventIdQuery,
            @Context Sse sse) {
        long after = resumeAfter(lastEventIdHeader, lastEventIdQuery);
        streams.requireOwned(Caller.from(headers), id);
        return streams.open(id, after, sse);
    }

    /** The sequence to resume after; the header wins: a browser's EventSource sends it when it reconnects. */
    public static long resumeAfter(String lastEventIdHeader, String lastEventIdQuery) {
        return lastEventIdHeader != null ? sequence(LAST_EVENT_ID, lastEventIdHeader)
                : lastEventIdQuery != null ? sequence("lastEventId", lastEventIdQuery) : 0;
    }

    private static long sequence(String field, String raw) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(field, field + " must be the id (a sequence number) of an event of this stream");
    }
}
