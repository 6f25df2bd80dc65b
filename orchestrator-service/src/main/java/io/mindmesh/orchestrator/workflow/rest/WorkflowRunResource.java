package io.mindmesh.orchestrator.workflow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.orchestration.service.ContextDepth;
import io.mindmesh.orchestrator.orchestration.service.RequestRules;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.mindmesh.orchestrator.workflow.service.RunSpec;
import io.mindmesh.orchestrator.workflow.service.StartedRun;
import io.mindmesh.orchestrator.workflow.service.WorkflowRuns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/workflows/{slug}/run")
@Tag(name = "Workflows")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowRunResource {

    /** Where a run's events are streamed (relative: the caller's base URL comes first). */
    public static final String STREAM_PATH = "/api/v1/workflows/execute/%s/stream";
    static final String CONVERSATION_ID = "conversation_id";

    private final RegistryClient registry;
    private final WorkflowRuns runs;

    public WorkflowRunResource(RegistryClient registry, WorkflowRuns runs) {
        this.registry = registry;
        this.runs = runs;
    }

    @POST
    @Operation(summary = "Run a workflow", description = "Starts a run of the catalog workflow with the task; answers"
            + " at once with the execution id and the stream_url of its events.")
    public WorkflowRunResponse run(@Context HttpHeaders headers, @PathParam("slug") String slug,
            @Valid @NotNull(message = "Request body is required") WorkflowRunRequest request) {
        Caller caller = Caller.from(headers);
        JsonNode metadata = metadata(request.metadata());
        String continues = continues(metadata);
        StartedRun run = runs.start(caller, new RunSpec(WorkflowRun.WORKFLOW, registry.resolvedWorkflow(slug), null,
                request.task(), metadata, "metadata", metadata, continues, RequestRules.webhook(request.webhook()),
                null, null, false, false));
        return new WorkflowRunResponse(run.executionId(), "running", run.workflowSlug(), run.workflowName(),
                STREAM_PATH.formatted(run.executionId()), run.createdAt().truncatedTo(ChronoUnit.MILLIS).toString(),
                run.conversationId());
    }

    /** The agents receive metadata as their context: an object, as deep as a context may be. */
    private static JsonNode metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw ApiException.invalid("metadata", "metadata must be a JSON object");
        }
        if (!ContextDepth.within(metadata, RequestRules.MAX_CONTEXT_DEPTH)) {
            throw ApiException.invalid("metadata", "metadata must be at most " + RequestRules.MAX_CONTEXT_DEPTH
                    + " levels deep");
        }
        return metadata;
    }

    private static String continues(JsonNode metadata) {
        if (metadata == null || !metadata.has(CONVERSATION_ID) || metadata.get(CONVERSATION_ID).isNull()) {
            return null;
        }
        JsonNode value = metadata.get(CONVERSATION_ID);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.invalid("metadata." + CONVERSATION_ID, "metadata." + CONVERSATION_ID
                    + " must be the execution_id or conversation_id of an earlier run");
        }
        return value.asText();
    }
}
