package io.mindmesh.registry.workflow.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.registry.catalog.Definitions;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.service.WorkflowService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Operators' workflow management, and the orchestrator's read of a workflow it runs.
 * Service-to-service only: the gateway exposes the writes to Keycloak operators as
 * {@code /v1/admin/workflows/...}. Bodies are parsed strictly (see {@link Definitions}).
 */
@Path("/internal/v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowAdminResource {

    private final WorkflowService service;
    private final Definitions definitions;

    WorkflowAdminResource(WorkflowService service, Definitions definitions) {
        this.service = service;
        this.definitions = definitions;
    }

    /**
     * 201 with the workflow as version 1. {@code Location} is its public path, relative, so that no
     * internal address reaches a caller through the gateway.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = WorkflowDefinition.class)))
            String body) {
        Workflow workflow = service.create(definitions.read(definitions.parse(body), WorkflowDefinition.class));
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/v1/workflows/" + workflow.slug())
                .entity(workflow).build();
    }

    /** The whole definition; {@code slug} and {@code id} may be left out of the body. */
    @PUT
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Workflow replace(@PathParam("slug") String slug,
            @RequestBody(content = @Content(schema = @Schema(implementation = WorkflowDefinition.class))) String body) {
        ObjectNode tree = definitions.parse(body);
        if (!tree.has("slug")) {
            tree.put("slug", slug);
        }
        return service.replace(slug, definitions.read(tree, WorkflowDefinition.class));
    }

    @GET
    @Path("{slug}")
    public Workflow get(@PathParam("slug") String slug) {
        return service.get(slug);
    }

    /** What the orchestrator runs: the workflow with the current definition of each of its agents. */
    @GET
    @Path("{slug}/resolved")
    public ResolvedWorkflowResponse resolved(@PathParam("slug") String slug) {
        return ResolvedWorkflowResponse.of(service.resolve(slug));
    }
}
