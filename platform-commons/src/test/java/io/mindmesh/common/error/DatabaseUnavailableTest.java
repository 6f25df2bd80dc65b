package io.mindmesh.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void anExhaustedPoolIsUnavailableHoweverDeepItIsWrapped() {
        SQLException acquisition = new SQLException("Acquisition timeout while waiting for new connection",
                new TimeoutException());

        assertTrue(DatabaseUnavailable.causes(new RuntimeException("could not prepare statement", acquisition)));
    }

    @Test
    void lostConnectionsAndARefusingServerAreUnavailable() {
        assertTrue(DatabaseUnavailable.causes(new SQLException("connection refused", "08001")));
        assertTrue(DatabaseUnavailable.causes(new SQLException("too many connections", "53300")));
        assertTrue(DatabaseUnavailable.causes(new SQLException("terminating connection", "57P01")));
        assertTrue(DatabaseUnavailable.causes(new SQLTransientConnectionException("gone")));
    }

    @Test
    void bugsAndBadDataAreNot() {
        assertFalse(DatabaseUnavailable.causes(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.causes(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseUnavailable.causes(new IllegalStateException("bug")));
    }

    @Test
    void theMapperAnswers503WithRetryAfterInTheEnvelope() {
        Response response = new ErrorMappers().unexpected(
                new RuntimeException(new SQLException("Acquisition timeout", new TimeoutException())));

        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString("Retry-After"));
    }
}
