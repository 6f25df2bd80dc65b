package io.mindmesh.orchestrator.workflow.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code POST /v1/workflows/{slug}/run}, in its snake_case form; conversation_id is always written. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkflowRunResponse(
        @JsonProperty("execution_id") String executionId,
        String status,
        @JsonProperty("workflow_slug") String workflowSlug,
        @JsonProperty("workflow_name") String workflowName,
        @JsonProperty("stream_url") String streamUrl,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("conversation_id") String conversationId) {
}
