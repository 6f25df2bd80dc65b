package io.mindmesh.orchestrator.workflow.repository;

import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.workflow.WorkflowRun;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class WorkflowRunRepository implements PanacheRepositoryBase<WorkflowRun, String> {

    private static final List<ExecutionStatus> TERMINAL = List.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
            ExecutionStatus.CANCELLED);

    /** The caller's own run, by execution id. */
    public Optional<WorkflowRun> owned(String executionId, String accountId, String environment) {
        return find("executionId = ?1 and accountId = ?2 and environment = ?3", executionId, accountId, environment)
                .firstResultOptional();
    }

    public Optional<WorkflowRun> byPollTokenHash(String hash) {
        return find("pollTokenHash", hash).firstResultOptional();
    }

    /** Which of {@code executionIds} have finished. */
    public List<String> finished(List<String> executionIds) {
        return getEntityManager().createQuery(
                "select e.id from Execution e where e.id in ?1 and e.status in ?2", String.class)
                .setParameter(1, executionIds).setParameter(2, TERMINAL).getResultList();
    }

    /** Finished runs whose callback is not written yet, locked for this transaction; others skip them. */
    @SuppressWarnings("unchecked")
    public List<String> lockCallbacksDue(int limit) {
        return getEntityManager().createNativeQuery("""
                select r.execution_id from workflow_runs r join executions e on e.id = r.execution_id
                where r.callback_url is not null and r.callback_enqueued_at is null
                  and e.status in ('COMPLETED', 'FAILED', 'CANCELLED')
                order by r.created_at
                limit ?1
                for update of r skip locked""", String.class).setParameter(1, limit).getResultList();
    }
}
