package io.mindmesh.orchestrator.workflow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.orchestrator.orchestration.rest.WebhookRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/workflows/{slug}/run}. */
public record WorkflowRunRequest(
        @Schema(description = "The task or prompt to send to the workflow", required = true, maxLength = 10000)
        @NotBlank(message = TASK_MESSAGE)
        @Size(max = 10000, message = TASK_MESSAGE)
        String task,

        @Schema(description = "An object: the workflow's launch variables by name, conversation_id to continue"
                + " a conversation, anything else is passed to the agents as context")
        JsonNode metadata,

        @Valid
        WebhookRequest webhook) {

    public static final String TASK_MESSAGE = "task is required and must be between 1 and 10000 characters";
}
