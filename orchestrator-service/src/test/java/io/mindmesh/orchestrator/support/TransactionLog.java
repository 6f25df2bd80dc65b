package io.mindmesh.orchestrator.support;

import io.mindmesh.common.request.RequestId;
import io.mindmesh.orchestrator.execution.Execution;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.engine.spi.SessionImplementor;
import org.jboss.logging.MDC;

/**
 * Counts committed transactions per request id, to measure what one execution costs. A
 * transaction counts for a request when it ran under that request id (the submission, the
 * execution's worker threads) or had one of its executions in its persistence context (the claim,
 * which runs before any request id is known). Background polls that load no execution (relay,
 * webhook dispatch, lease renewal, metrics) count for none.
 *
 * <p>Dependent, with its counts in a static map: a thread of an application a test restart stopped
 * may still begin a transaction (an execution finishing its last step) while the next application
 * starts, and an application-scoped instance it created would be one of the old class, handed to
 * the new application's observer.
 */
@Dependent
public class TransactionLog {

    private static final Map<String, AtomicInteger> committed = new ConcurrentHashMap<>();
    private final TransactionManager transactions;
    private final EntityManager entityManager;

    public TransactionLog(TransactionManager transactions, EntityManager entityManager) {
        this.transactions = transactions;
        this.entityManager = entityManager;
    }

    public int committed(String requestId) {
        AtomicInteger count = committed.get(requestId);
        return count == null ? 0 : count.get();
    }

    void begun(@Observes @Initialized(TransactionScoped.class) Object transaction) throws Exception {
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        Object current = MDC.get(RequestId.MDC_KEY);
        if (current != null) {
            requestIds.add(current.toString());
        }
        transactions.getTransaction().registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                for (Map.Entry<Object, ?> entry : entityManager.unwrap(SessionImplementor.class)
                        .getPersistenceContextInternal().reentrantSafeEntityEntries()) {
                    if (entry.getKey() instanceof Execution e && e.requestId != null) {
                        requestIds.add(e.requestId);
                    }
                }
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    requestIds.forEach(id -> committed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                }
            }
        });
    }
}
