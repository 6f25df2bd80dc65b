package io.mindmesh.orchestrator.registry.client;

import io.mindmesh.orchestrator.client.RequestIdHeaders;
import io.mindmesh.orchestrator.registry.AgentSigningSecret;
import io.mindmesh.orchestrator.registry.CatalogApp;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The registry accepts only service tokens: the filter attaches the orchestrator's. */
@RegisterClientHeaders(RequestIdHeaders.class)
@RegisterRestClient(configKey = "registry")
@OidcClientFilter
@Path("/internal/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface RegistryApi {

    @POST
    @Path("/selections")
    Selection select(SelectionRequest request);

    @GET
    @Path("/workflows/{slug}/resolved")
    ResolvedWorkflow resolvedWorkflow(@PathParam("slug") String slug);

    @GET
    @Path("/apps/{appId}")
    CatalogApp app(@PathParam("appId") String appId);

    @GET
    @Path("/apps/{appId}/workflows/{workflow}/resolved")
    ResolvedWorkflow resolvedAppWorkflow(@PathParam("appId") String appId, @PathParam("workflow") String workflow);

    @GET
    @Path("/agent-secrets/{agentId}")
    AgentSigningSecret signingSecret(@PathParam("agentId") String agentId);
}
