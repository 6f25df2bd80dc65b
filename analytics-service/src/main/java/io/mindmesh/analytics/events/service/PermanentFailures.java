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
            if (t instanceof JDBCException jdbc) {
                return isDataError(jdbc.getSQLState());
            }
            if (t instanceof SQLException sql) {
                return isDataError(sql.getSQLState());
            }
        }
        return false;
    }

    /**
     * A value PostgreSQL refuses to store (SQLSTATE class 22: a NUL character in jsonb, a number
     * beyond numeric's range), anywhere in the failure's causes.
     */
    public static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String sqlState = t instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (sqlState != null) {
                return sqlState.startsWith("22");
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 22 (data exception, e.g. a NUL character PostgreSQL cannot store) and class 23
     * (integrity constraint violation, e.g. a check the event breaks) depend on the row alone.
     */
    private static boolean isDataError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
    }
}
