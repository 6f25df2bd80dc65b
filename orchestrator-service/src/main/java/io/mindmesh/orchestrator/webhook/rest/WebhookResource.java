package io.mindmesh.orchestrator.webhook.rest;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.webhook.service.DeliveryLogService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/executions/{id}/webhooks")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final DeliveryLogService log;

    public WebhookResource(DeliveryLogService log) {
        this.log = log;
    }

    @GET
    @Operation(summary = "The execution's webhook delivery log", description = "Every delivery with every attempt:"
            + " status code, error, duration and when the next attempt is due.")
    public DeliveryLog list(@Context HttpHeaders headers, @PathParam("id") String id) {
        return log.log(Caller.from(headers), id);
    }

    @POST
    @Path("/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery again now", description = "Answers 202 with the delivery; the attempt"
            + " appears in the log once made.")
    public Response redeliver(@Context HttpHeaders headers, @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId) {
        return Response.accepted(log.redeliver(Caller.from(headers), id, deliveryId)).build();
    }
}
