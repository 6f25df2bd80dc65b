package io.mindmesh.orchestrator.execution.repository;

import io.mindmesh.orchestrator.execution.ExecutionStep;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class StepRepository implements PanacheRepositoryBase<ExecutionStep, String> {

    public List<ExecutionStep> forExecution(String executionId) {
        return list("executionId = ?1 order by position", executionId);
    }

    public List<ExecutionStep> forExecutions(List<String> executionIds) {
        return executionIds.isEmpty() ? List.of() : list("executionId in ?1 order by position", executionIds);
    }
}
