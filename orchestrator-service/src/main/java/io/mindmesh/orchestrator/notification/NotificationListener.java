package io.mindmesh.orchestrator.notification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens to the {@link Channel}s on one dedicated PostgreSQL connection (outside the pool, which
 * it would otherwise hold forever) and hands each notification to the subscribers of its channel.
 * On a broken connection it reconnects after a second; notifications sent meanwhile are lost, so
 * after every (re)connection each subscriber is called once with a null payload to catch up. The
 * subscribers' polls stay as a safety net for anything missed all the same.
 */
@ApplicationScoped
public class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);
    private static final int WAIT_MS = 1000;
    private static final long RECONNECT_DELAY_MS = 1000;

    private final String url;
    private final String user;
    private final String password;
    private final Map<Channel, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile Thread thread;

    public NotificationListener(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** {@code subscriber} gets the payload of each notification on {@code channel} (null: catch up on everything). */
    public void subscribe(Channel channel, Consumer<String> subscriber) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    void start(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("pg-notification-listener").daemon().start(this::listen);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        while (!Thread.currentThread().isInterrupted()) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                try (Statement statement = connection.createStatement()) {
                    for (Channel channel : Channel.values()) {
                        statement.execute("LISTEN " + channel.pgName());
                    }
                }
                subscribers.forEach((channel, list) -> list.forEach(s -> deliver(s, null)));
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!Thread.currentThread().isInterrupted()) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            dispatch(n);
                        }
                    }
                }
            } catch (SQLException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warnf("PostgreSQL notifications interrupted, reconnecting in %d ms: %s", RECONNECT_DELAY_MS,
                        e.toString());
                try {
                    Thread.sleep(RECONNECT_DELAY_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void dispatch(PGNotification notification) {
        for (Channel channel : Channel.values()) {
            if (channel.pgName().equals(notification.getName())) {
                String payload = notification.getParameter() == null || notification.getParameter().isEmpty() ? null
                        : notification.getParameter();
                subscribers.getOrDefault(channel, List.of()).forEach(s -> deliver(s, payload));
            }
        }
    }

    private static void deliver(Consumer<String> subscriber, String payload) {
        try {
            subscriber.accept(payload);
        } catch (RuntimeException e) {
            LOG.warnf("A notification subscriber failed: %s", e.toString());
        }
    }
}
