package io.mindmesh.registry.agent.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.registry.agent.AgentDefinition;
import io.mindmesh.registry.agent.AgentVersion;
import io.mindmesh.registry.agent.service.AgentAdminService;
import io.mindmesh.registry.agent.service.AgentService;
import io.mindmesh.registry.agent.service.SigningSecrets;
import io.mindmesh.registry.catalog.Definitions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Operators' agent management. Service-to-service only: the gateway exposes it to Keycloak
 * operators as {@code /v1/admin/agents/...}. Bodies are read as text and parsed strictly (see
 * {@link Definitions}); the OpenAPI document still shows their schema.
 */
@Path("/internal/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentAdminResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final AgentAdminService service;
    private final AgentService catalog;
    private final Definitions definitions;
    private final SigningSecrets secrets;

    AgentAdminResource(AgentAdminService service, AgentService catalog, Definitions definitions,
            SigningSecrets secrets) {
        this.service = service;
        this.catalog = catalog;
        this.definitions = definitions;
        this.secrets = secrets;
    }

    /** The whole agent, runtime included, which the public read does not show. */
    @GET
    @Path("{id}")
    public AgentResponse get(@PathParam("id") String id) {
        return AgentResponse.of(catalog.get(id));
    }

    /**
     * 201 with the agent as version 1 and its {@code signingSecret}, shown this once.
     * {@code Location} is its public path, relative, so that no internal address reaches a caller
     * through the gateway.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = AgentDefinition.class)))
            String body) {
        AgentAdminService.Registered registered = service.register(read(definitions.parse(body)));
        AgentResponse agent = AgentResponse.of(registered.agent()).withSigningSecret(registered.signingSecret());
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/v1/agents/" + agent.id())
                .entity(agent).build();
    }

    /**
     * A new signing secret for the agent, shown this once. The orchestrator signs with the former
     * one for at most its cache time ({@code orchestrator.http-runtime.signing-secret-ttl}), so an
     * agent accepts both for that long.
     */
    @POST
    @Path("{id}/signing-secret")
    public AgentSecretResource.SigningSecret rotateSigningSecret(@PathParam("id") String id) {
        return new AgentSecretResource.SigningSecret(id, secrets.rotate(id));
    }

    /** The whole definition; {@code id} may be left out of the body. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AgentResponse replace(@PathParam("id") String id,
            @RequestBody(content = @Content(schema = @Schema(implementation = AgentDefinition.class))) String body) {
        ObjectNode tree = definitions.parse(body);
        if (!tree.has("id")) {
            tree.put("id", id);
        }
        return AgentResponse.of(service.replace(id, read(tree)));
    }

    /** A JSON merge patch of the definition: only the members it names change. */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    public AgentResponse patch(@PathParam("id") String id, String body) {
        return AgentResponse.of(service.patch(id, definitions.parse(body)));
    }

    @POST
    @Path("{id}/deprecate")
    public AgentResponse deprecate(@PathParam("id") String id) {
        return AgentResponse.of(service.deprecate(id));
    }

    @GET
    @Path("{id}/versions")
    public Page<AgentVersion> versions(@PathParam("id") String id, @QueryParam("page") String page,
            @QueryParam("limit") String limit) {
        return service.versions(id, PageQuery.parse(page, limit));
    }

    private AgentDefinition read(ObjectNode tree) {
        return definitions.read(tree, AgentDefinition.class);
    }
}
