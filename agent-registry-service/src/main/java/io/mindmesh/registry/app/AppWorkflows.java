package io.mindmesh.registry.app;

import io.mindmesh.registry.workflow.Workflow;
import java.util.List;

/** An app with the current definition of each of its workflows, in the app's order. */
public record AppWorkflows(App app, List<Workflow> workflows) {
}
