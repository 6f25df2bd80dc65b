package io.mindmesh.orchestrator.workflow.repository;

import io.mindmesh.orchestrator.workflow.WorkflowRunStep;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WorkflowRunStepRepository implements PanacheRepositoryBase<WorkflowRunStep, String> {

    public List<WorkflowRunStep> forExecution(String executionId) {
        return list("executionId", executionId);
    }
}
