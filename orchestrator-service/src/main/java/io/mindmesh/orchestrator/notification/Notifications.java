package io.mindmesh.orchestrator.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.Session;

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
            // Plain JDBC: as a native query, Hibernate flushed the session first and, finding no type
            // for pg_notify's void result, built (and threw away) an exception on every call.
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                    notify.setString(1, channel.pgName());
                    notify.setString(2, payload);
                    notify.execute();
                }
            });
        }
    }
}
