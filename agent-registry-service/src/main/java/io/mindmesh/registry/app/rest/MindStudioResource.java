package io.mindmesh.registry.app.rest;

import io.mindmesh.common.request.Caller;
import io.mindmesh.registry.app.App;
import io.mindmesh.registry.app.service.AppService;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * The app listings MindStudio's npm clients read, under their own paths, forwarded by the gateway
 * with the caller's identity. {@code mindstudio} 0.9 lists workers and their workflows and runs a
 * workflow by its {@code name}; {@code @mindstudio-ai/agent} 0.1 lists agents with
 * {@code orgId}, {@code orgName} and, per app, {@code name}, {@code id} and {@code description}.
 * Apps are platform catalog: every account sees the same ones.
 */
@Path("/developer/v2")
@Produces(MediaType.APPLICATION_JSON)
public class MindStudioResource {

    private final AppService service;

    MindStudioResource(AppService service) {
        this.service = service;
    }

    @GET
    @Path("workers/load")
    public Workers workers() {
        return new Workers(service.all().stream().map(app -> new Worker(app.id(), app.name(), app.slug())).toList());
    }

    /** The registry knows no account names, so {@code orgName} is the account id as well. */
    @GET
    @Path("agents/load")
    public Agents agents(@HeaderParam(Caller.ACCOUNT_HEADER) String accountId) {
        return new Agents(accountId, accountId, service.all().stream().map(AgentApp::of).toList());
    }

    /** 404 NOT_FOUND for an unknown app id, as for a malformed one. */
    @GET
    @Path("workers/{id}/workflows")
    public WorkerWorkflows workflows(@PathParam("id") String id) {
        return new WorkerWorkflows(service.withWorkflows(id).workflows().stream().map(WorkerWorkflow::of).toList());
    }

    public record Workers(List<Worker> apps) {
    }

    public record Worker(String id, String name, String slug) {
    }

    public record Agents(String orgId, String orgName, List<AgentApp> apps) {
    }

    /**
     * The client's {@code AgentInfo}. There are no icons ({@code iconUrl} is null); {@code refs}
     * links to the app's workflows and to where it is run.
     */
    public record AgentApp(String id, String name, String description, String slug, String iconUrl,
            Refs refs, Instant dateCreated, Instant dateLastEdited) {

        static AgentApp of(App app) {
            return new AgentApp(app.id(), app.name(), app.description(), app.slug(), null,
                    new Refs("/developer/v2/apps/run", "/developer/v2/workers/" + app.id() + "/workflows"),
                    app.createdAt(), app.updatedAt());
        }
    }

    public record Refs(String run, String workflows) {
    }

    public record WorkerWorkflows(List<WorkerWorkflow> workflows) {
    }

    /** Variables by name only: the client turns each into a typed function parameter or result field. */
    public record WorkerWorkflow(String id, String name, String slug, List<String> launchVariables,
            List<String> outputVariables) {

        static WorkerWorkflow of(Workflow workflow) {
            return new WorkerWorkflow(workflow.id(), workflow.name(), workflow.slug(),
                    workflow.launchVariables().stream().map(WorkflowDefinition.LaunchVariable::name).toList(),
                    workflow.outputVariables().stream().map(WorkflowDefinition.OutputVariable::name).toList());
        }
    }
}
