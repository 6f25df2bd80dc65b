package io.mindmesh.registry.workflow.rest;

import io.mindmesh.registry.agent.rest.AgentResponse;
import io.mindmesh.registry.workflow.ResolvedWorkflow;
import io.mindmesh.registry.workflow.Workflow;
import java.util.List;

/**
 * {@code GET .../resolved}: a workflow and the current definition of every agent its steps name,
 * in the {@code Agent} shape of the selection endpoint (runtime included: the reader is the runner).
 */
public record ResolvedWorkflowResponse(Workflow workflow, List<AgentResponse> agents) {

    public static ResolvedWorkflowResponse of(ResolvedWorkflow resolved) {
        return new ResolvedWorkflowResponse(resolved.workflow(),
                resolved.agents().stream().map(AgentResponse::of).toList());
    }
}
