package io.mindmesh.analytics.events.service;

import java.sql.SQLException;
import org.hibernate.JDBCException;

/**
 * Tells an event that can never be stored from a failure that will pass. The first kind goes to
 * the dead-letter topic so that the partition moves on; the second must stop the consumer,
 * because skipping would lose a valid event while the database is unreachable.
 */
public final class PermanentFailures {

    private PermanentFailures() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedEventException) {
                return true;
            }
        }
        String state = sqlState(failure);
        // Class 23 (integrity constraint violation, e.g. a check the event breaks) depends on the row alone too.
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * A value PostgreSQL refuses to store (SQLSTATE class 22, data exception: a NUL character in
     * jsonb, a number beyond numeric's range), anywhere in the failure's causes.
     */
    public static boolean isDataException(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.startsWith("22");
    }

    /** The SQLSTATE of the first database exception among the failure's causes, or null. */
    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JDBCException jdbc) {
                return jdbc.getSQLState();
            }
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
