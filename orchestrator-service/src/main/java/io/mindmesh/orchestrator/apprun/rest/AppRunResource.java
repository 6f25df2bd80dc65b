package io.mindmesh.orchestrator.apprun.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.apprun.service.AppRunBodies;
import io.mindmesh.orchestrator.apprun.service.AppRuns;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.workflow.service.RunCompletions;
import io.mindmesh.orchestrator.workflow.service.RunOutcome;
import io.mindmesh.orchestrator.workflow.service.RunOutcomes;
import io.mindmesh.orchestrator.workflow.service.StartedRun;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The MindStudio-compatible run endpoints (README: "App runs"). A synchronous run answers when it
 * ends: the request waits on a future completed by {@link RunCompletions}, holding no thread.
 */
@Path("/developer/v2")
@Tag(name = "Apps")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AppRunResource {

    private static final String BODY_REQUIRED = "Request body is required";

    private final AppRuns runs;
    private final RunCompletions completions;
    private final RunOutcomes outcomes;
    private final AppRunBodies bodies;
    private final ObjectMapper mapper;

    public AppRunResource(AppRuns runs, RunCompletions completions, RunOutcomes outcomes, AppRunBodies bodies,
            ObjectMapper mapper) {
        this.runs = runs;
        this.completions = completions;
        this.outcomes = outcomes;
        this.bodies = bodies;
        this.mapper = mapper;
    }

    @POST
    @Path("/apps/run")
    @Blocking
    @Operation(summary = "Run an app", description = "Without callbackUrl: answers when the run ends with"
            + " {success, threadId, thread, result, billingCost?}. With callbackUrl: answers at once with"
            + " {success, callbackInProgress} and posts the same body to the callback.")
    public CompletionStage<ObjectNode> runApp(@Context HttpHeaders headers,
            @Valid @NotNull(message = BODY_REQUIRED) AppRunRequest request) {
        return run(headers, request, request.appId(), "appId", Boolean.TRUE.equals(request.includeBillingCost()));
    }

    /** The {@code mindstudio} npm client's run: {@code workerId} is the app; the cost is always shown. */
    @POST
    @Path("/workers/run")
    @Blocking
    @Operation(summary = "Run an app (mindstudio npm client)", description = "As /apps/run, with workerId for"
            + " appId; billingCost is always included.")
    public CompletionStage<ObjectNode> runWorker(@Context HttpHeaders headers,
            @Valid @NotNull(message = BODY_REQUIRED) AppRunRequest request) {
        return run(headers, request, request.workerId(), "workerId", true);
    }

    /**
     * The {@code @mindstudio-ai/agent} client's run. With {@code async: true} the answer is
     * {@code {callbackToken}} at once, to poll without credentials; otherwise as /apps/run.
     */
    @POST
    @Path("/agents/run")
    @Blocking
    @Operation(summary = "Run an agent (@mindstudio-ai/agent client)", description = "async: true answers"
            + " {callbackToken} at once; poll GET /developer/v2/agents/run/poll/{callbackToken}.")
    public CompletionStage<ObjectNode> runAgent(@Context HttpHeaders headers,
            @Valid @NotNull(message = BODY_REQUIRED) AppRunRequest request) {
        boolean includeCost = Boolean.TRUE.equals(request.includeBillingCost());
        if (!Boolean.TRUE.equals(request.async())) {
            return run(headers, request, request.appId(), "appId", includeCost);
        }
        StartedRun started = runs.start(Caller.from(headers), start(request, request.appId(), "appId", includeCost,
                true));
        return CompletableFuture.completedFuture(mapper.createObjectNode().put("callbackToken", started.pollToken()));
    }

    /**
     * No credentials: the token is the capability (32 random bytes, valid 24 hours, one run). 404
     * for an unknown or expired token, as the client expects.
     */
    @GET
    @Path("/agents/run/poll/{token}")
    @Blocking
    @Operation(summary = "Poll an asynchronous agent run", description = "{status: pending} while it runs, then"
            + " {status: complete, result} or {status: error, error}.")
    public ObjectNode poll(@PathParam("token") String token) {
        RunOutcome outcome = outcomes.byPollToken(token)
                .orElseThrow(() -> ApiException.notFound("Poll token (unknown or expired)"));
        ObjectNode body = mapper.createObjectNode();
        if (!outcome.finished()) {
            return body.put("status", "pending");
        }
        if (outcome.status() != ExecutionStatus.COMPLETED) {
            return body.put("status", "error").put("error", outcome.error());
        }
        ObjectNode result = mapper.createObjectNode();
        result.put("success", true);
        result.put("threadId", outcome.run().threadId.toString());
        result.set("result", bodies.resultVariables(outcome));
        if (outcome.run().includeBillingCost && outcome.cost() != null) {
            result.put("billingCost", outcome.cost());
        }
        body.put("status", "complete");
        body.set("result", result);
        return body;
    }

    private CompletionStage<ObjectNode> run(HttpHeaders headers, AppRunRequest request, String appId,
            String appField, boolean includeCost) {
        StartedRun started = runs.start(Caller.from(headers), start(request, appId, appField, includeCost, false));
        if (request.callbackUrl() != null) {
            return CompletableFuture.completedFuture(mapper.createObjectNode().put("success", true)
                    .put("callbackInProgress", true));
        }
        return completions.whenFinished(started.executionId()).thenApply(bodies::result);
    }

    private static AppRuns.Start start(AppRunRequest request, String appId, String appField, boolean includeCost,
            boolean pollable) {
        return new AppRuns.Start(appId, appField, request.workflow(), request.variables(), request.callbackUrl(),
                request.callbackSecret(), request.progressUrl(), includeCost, pollable);
    }
}
