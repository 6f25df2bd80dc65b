package io.mindmesh.registry.selection.rest;

import io.mindmesh.registry.selection.service.SelectionService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Service-to-service only: the gateway never forwards {@code /internal} paths. */
@Path("/internal/v1/selections")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SelectionResource {

    private final SelectionService service;

    SelectionResource(SelectionService service) {
        this.service = service;
    }

    @POST
    public SelectionResponse select(@NotNull(message = "Request body is required") @Valid SelectionRequest request) {
        return SelectionResponse.of(service.select(request.criteria()));
    }
}
