package io.mindmesh.registry.workflow;

import io.mindmesh.registry.agent.Agent;
import java.util.List;

/**
 * A workflow with the current definition of every agent its steps name, each once, in the order
 * the steps first name them: what a runner needs to run it. A deprecated agent is included with
 * its status, so the runner can refuse the run.
 */
public record ResolvedWorkflow(Workflow workflow, List<Agent> agents) {
}
