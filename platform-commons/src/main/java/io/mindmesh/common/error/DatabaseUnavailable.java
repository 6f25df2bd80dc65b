package io.mindmesh.common.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

/**
 * Recognises failures that mean "the database cannot take this request now" rather than a bug:
 * the connection pool had no free connection in time (Agroal's acquisition timeout, an
 * {@link SQLException} caused by a {@link TimeoutException}), a connection that could not be made
 * or was lost (SQLSTATE class 08), the server refusing for lack of resources (class 53, e.g. too
 * many connections) or shutting down (57P). The caller may retry such a request, so it is a 503
 * with {@code Retry-After}, not a 500.
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getCause() instanceof TimeoutException || unavailableState(sql))) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailableState(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
    }
}
