package io.mindmesh.common.error;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Recognises PostgreSQL's data exceptions (SQLSTATE class 22): a value out of range for its
 * column ({@code 22003}), a NUL character in text ({@code 22021}), malformed JSON for a
 * {@code jsonb} column ({@code 22P02}). They come from the request's input, so they are a 400.
 */
final class DataException {

    private static final String CLASS_22 = "22";

    private DataException() {
    }

    static boolean causes(Throwable failure) {
        return find(failure).isPresent();
    }

    /** The SQLSTATE, for the log line (never the message, which may quote the value). */
    static String state(Throwable failure) {
        return find(failure).map(SQLException::getSQLState).orElse("");
    }

    private static Optional<SQLException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(CLASS_22)) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
