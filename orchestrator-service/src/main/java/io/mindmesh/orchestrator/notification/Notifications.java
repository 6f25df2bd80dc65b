package io.mindmesh.orchestrator.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.Set;

/**
 * Sends PostgreSQL notifications from inside a transaction: PostgreSQL delivers them to every
 * listening replica when, and only if, the transaction commits. One notification per channel and
 * payload per transaction.
 */
@ApplicationScoped
public class Notifications {

    private static final String SENT = Notifications.class.getName() + ".sent";

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transaction;

    public Notifications(EntityManager entityManager, TransactionSynchronizationRegistry transaction) {
        this.entityManager = entityManager;
        this.transaction = transaction;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onCommit(Channel channel, String payload) {
        @SuppressWarnings("unchecked")
        Set<String> sent = (Set<String>) transaction.getResource(SENT);
        if (sent == null) {
            sent = new HashSet<>();
            transaction.putResource(SENT, sent);
        }
        if (sent.add(channel.pgName() + "/" + payload)) {
            entityManager.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, channel.pgName())
                    .setParameter(2, payload).getSingleResult();
        }
    }
}
