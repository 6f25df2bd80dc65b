package io.mindmesh.orchestrator.orchestration.rest;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.orchestration.service.SubmissionService;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/orchestrate")
@Tag(name = "Orchestration")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OrchestrationResource {

    /** Passed on by the gateway, which checks its form: a retry with the same key answers the same execution. */
    static final String IDEMPOTENCY_KEY = "X-Idempotency-Key";

    private final SubmissionService submissions;

    public OrchestrationResource(SubmissionService submissions) {
        this.submissions = submissions;
    }

    @POST
    @Operation(summary = "Start an orchestration", description = "Selects agents, holds the estimated cost and"
            + " queues the execution; answers 202 with the plan and where to follow it.")
    public Response orchestrate(@Context HttpHeaders headers, @Valid OrchestrateRequest request) {
        Caller caller = Caller.from(headers);
        return Response.accepted(submissions.submit(caller, request, headers.getHeaderString(IDEMPOTENCY_KEY)))
                .build();
    }
}
