package io.mindmesh.orchestrator.execution.repository;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, String> {

    private static final int RENEWAL_CHUNK = 1000;

    /**
     * The caller's execution; one of another account or of the other environment, or an unknown
     * one, is a 404 as if it did not exist ({@link Execution#visibleTo}).
     */
    public Execution requireOwned(String id, Caller caller) {
        return findByIdOptional(id).filter(e -> e.visibleTo(caller)).orElseThrow(() -> notFound(id));
    }

    /** As {@link #requireOwned}, with the row locked for the rest of the transaction. */
    public Execution lockOwned(String id, Caller caller) {
        return lock(id).filter(e -> e.visibleTo(caller)).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Execution " + id);
    }

    /** Which of {@code ids} are stored executions. */
    public Set<String> existing(List<String> ids) {
        return Set.copyOf(getEntityManager().createQuery("select e.id from Execution e where e.id in ?1", String.class)
                .setParameter(1, ids).getResultList());
    }

    /** The subscription's stored (encrypted) webhook secret, without loading the execution. */
    public String webhookSecretOf(String id) {
        return getEntityManager().createQuery("select e.webhookSecret from Execution e where e.id = ?1", String.class)
                .setParameter(1, id).getSingleResult();
    }

    /** Only the status, for pollers that must not load the query, context and result each time. */
    public Optional<ExecutionStatus> statusOf(String id) {
        return getEntityManager().createQuery("select e.status from Execution e where e.id = ?1", ExecutionStatus.class)
                .setParameter(1, id).getResultStream().findFirst();
    }

    public Optional<Execution> lock(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Serialises admissions and claims of one account across every replica for the rest of the
     * transaction, so that queue sizes and concurrency limits cannot be overrun by a race.
     */
    public void lockAccount(String accountId) {
        // Plain SQL, as the counts below: one round trip on every admission.
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "select 1 from pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, accountId);
                lock.executeQuery().close();
            }
        });
    }

    /**
     * {@link #lockAccount} for several accounts in one statement, in the order of their ids (every
     * caller locking several uses that order, so two of them cannot deadlock).
     */
    public void lockAccounts(List<String> accountIds) {
        getEntityManager().createNativeQuery("""
                select count(*) from (
                  select pg_advisory_xact_lock(hashtext(a.id))
                  from (select unnest(cast(?1 as text[])) as id order by 1) a
                ) locked""")
                .setParameter(1, accountIds.stream().sorted().toArray(String[]::new))
                .getSingleResult();
    }

    /*
     * The two counts every admission and every claim make run as plain SQL: as JPQL with a list
     * parameter, Hibernate translated them to SQL again on every call (async-profiler on admissions;
     * in a test JVM after 10,000 calls, 290 and 134 microseconds each, 78 and 65 as plain SQL).
     * Plain SQL sees no change of the transaction that is not flushed yet: their callers count before
     * they change an execution of the account, or count what they did not change.
     */

    /** RUNNING and CANCELLING executions of each of {@code accountIds} that has any. */
    public Map<String, Long> countActive(List<String> accountIds) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            Map<String, Long> active = new HashMap<>();
            try (PreparedStatement count = connection.prepareStatement("""
                    select account_id, count(*) from executions
                    where account_id = any(?) and status in ('RUNNING', 'CANCELLING')
                    group by account_id""")) {
                count.setArray(1, connection.createArrayOf("text", accountIds.toArray()));
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        active.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return active;
        });
    }

    /** The account's queued (PENDING) executions. */
    public long countPending(String accountId) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from executions where account_id = ? and status = 'PENDING'")) {
                count.setString(1, accountId);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
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

    /** An execution whose lease was renewed, with its fencing token and status. */
    public record Renewed(String id, long token, ExecutionStatus status) {
    }

    /**
     * Renews the leases {@code owner} still holds among {@code ids}, in one statement per thousand
     * executions; those another worker took over, or that finished, are not returned.
     */
    @SuppressWarnings("unchecked")
    public List<Renewed> renewLeases(List<String> ids, String owner, Instant expiresAt) {
        List<Renewed> renewed = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += RENEWAL_CHUNK) {
            List<Object[]> rows = getEntityManager().createNativeQuery("""
                    update executions set lease_expires_at = ?1
                    where id in (?2) and lease_owner = ?3 and status in ('RUNNING', 'CANCELLING')
                    returning id, fencing_token, status""")
                    .setParameter(1, expiresAt)
                    .setParameter(2, ids.subList(from, Math.min(ids.size(), from + RENEWAL_CHUNK)))
                    .setParameter(3, owner)
                    .getResultList();
            rows.forEach(r -> renewed.add(new Renewed((String) r[0], ((Number) r[1]).longValue(),
                    ExecutionStatus.valueOf((String) r[2]))));
        }
        return renewed;
    }
}
