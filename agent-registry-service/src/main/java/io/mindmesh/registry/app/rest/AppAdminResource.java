package io.mindmesh.registry.app.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.app.App;
import io.mindmesh.registry.app.AppDefinition;
import io.mindmesh.registry.app.AppWorkflows;
import io.mindmesh.registry.app.service.AppService;
import io.mindmesh.registry.catalog.Definitions;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.rest.ResolvedWorkflowResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Operators' app management, and the orchestrator's reads of the apps it runs. Service-to-service
 * only: the gateway exposes the operator part as {@code /v1/admin/apps/...}. Bodies are parsed
 * strictly (see {@link Definitions}).
 */
@Path("/internal/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppAdminResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final AppService service;
    private final Definitions definitions;

    AppAdminResource(AppService service, Definitions definitions) {
        this.service = service;
        this.definitions = definitions;
    }

    /** 201 with the app; {@code Location} is the gateway's operator path, relative. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequestBody(content = @Content(schema = @Schema(implementation = AppDefinition.class)))
            String body) {
        App app = service.create(definitions.read(definitions.parse(body), AppDefinition.class));
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/v1/admin/apps/" + app.id())
                .entity(app).build();
    }

    /** {@code workflow} keeps the apps that bundle that workflow (what an operator checks before changing it). */
    @GET
    public Page<App> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("workflow") String workflow, @QueryParam("sort") String sort) {
        PageQuery pageQuery = PageQuery.parse(page, limit);
        Sort order = Sort.parse(sort, AppService.SORT_FIELDS, AppService.DEFAULT_SORT);
        return service.list(workflow == null || workflow.isBlank() ? null : workflow.trim(), order, pageQuery);
    }

    /** The app with, for each of its workflows, what a run of it is given and returns. */
    @GET
    @Path("{id}")
    public AppDetails get(@PathParam("id") String id) {
        return AppDetails.of(service.withWorkflows(id));
    }

    /** A JSON merge patch of the definition: only the members it names change. */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    public App patch(@PathParam("id") String id, String body) {
        return service.patch(id, definitions.parse(body));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(id);
        return Response.noContent().build();
    }

    /**
     * What the orchestrator runs for an app: the workflow {@code workflow} names (slug or name,
     * {@code .flow} suffix optional) with the current definition of each of its agents.
     */
    @GET
    @Path("{id}/workflows/{workflow}/resolved")
    public ResolvedWorkflowResponse resolved(@PathParam("id") String id, @PathParam("workflow") String workflow) {
        return ResolvedWorkflowResponse.of(service.resolve(id, workflow));
    }

    /** {@code App} plus {@code workflowDetails}, one per workflow in the app's order. */
    public record AppDetails(@JsonUnwrapped App app, List<WorkflowDetails> workflowDetails) {

        static AppDetails of(AppWorkflows app) {
            return new AppDetails(app.app(), app.workflows().stream().map(WorkflowDetails::of).toList());
        }
    }

    public record WorkflowDetails(String id, String slug, String name,
            List<WorkflowDefinition.LaunchVariable> launchVariables,
            List<WorkflowDefinition.OutputVariable> outputVariables) {

        static WorkflowDetails of(Workflow workflow) {
            return new WorkflowDetails(workflow.id(), workflow.slug(), workflow.name(), workflow.launchVariables(),
                    workflow.outputVariables());
        }
    }
}
