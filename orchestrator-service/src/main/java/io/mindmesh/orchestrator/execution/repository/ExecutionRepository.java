package io.mindmesh.orchestrator.execution.repository;

import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, String> {

    public Optional<Execution> findOwned(String id, String accountId) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResultOptional();
    }

    public Optional<Execution> lock(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Serialises admissions and claims of one account across every replica for the rest of the
     * transaction, so that queue sizes and concurrency limits cannot be overrun by a race.
     */
    public void lockAccount(String accountId) {
        getEntityManager().createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, accountId)
                .getSingleResult();
    }

    public long countByStatus(String accountId, List<ExecutionStatus> statuses) {
        return count("accountId = ?1 and status in ?2", accountId, statuses);
    }

    /**
     * Oldest PENDING executions whose account still has a free concurrency slot, locked so that
     * no other replica claims them; rows another replica is claiming are skipped.
     */
    @SuppressWarnings("unchecked")
    public List<String> lockClaimable(int limit) {
        return getEntityManager().createNativeQuery("""
                select e.id from executions e
                where e.status = 'PENDING'
                  and (select count(*) from executions r
                       where r.account_id = e.account_id and r.status in ('RUNNING', 'CANCELLING')) < e.concurrency_limit
                order by e.created_at, e.id
                limit ?1
                for update of e skip locked""", String.class)
                .setParameter(1, limit)
                .getResultList();
    }

    /** Active executions whose worker stopped renewing its lease, locked for the reaper. */
    @SuppressWarnings("unchecked")
    public List<String> lockExpired(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                select id from executions
                where status in ('RUNNING', 'CANCELLING') and lease_expires_at < ?1
                order by lease_expires_at
                limit ?2
                for update skip locked""", String.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
    }

    /** Renews a lease only for the worker that still holds it; false when the lease was lost. */
    public boolean renewLease(String id, long token, Instant expiresAt) {
        return update("leaseExpiresAt = ?1 where id = ?2 and fencingToken = ?3 and status in ?4",
                expiresAt, id, token, List.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELLING)) == 1;
    }
}
