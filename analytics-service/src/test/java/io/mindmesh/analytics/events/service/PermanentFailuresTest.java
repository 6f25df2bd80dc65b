package io.mindmesh.analytics.events.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermanentFailuresTest {

    @ParameterizedTest
    @CsvSource({
            "22P05, true",   // untranslatable character: a NUL in jsonb
            "22001, true",   // string data right truncation
            "23514, true",   // check violation
            "08006, false",  // connection failure
            "57P01, false",  // administrator shutdown
            "53300, false",  // too many connections
            "40001, false"}) // serialization failure: a retry succeeds
    void onlyRowLevelDatabaseRefusalsArePermanent(String sqlState, boolean permanent) {
        SQLException sql = new SQLException("refused", sqlState);
        assertEquals(permanent, PermanentFailures.isPermanent(new DataException("could not execute statement", sql)));
        assertEquals(permanent, PermanentFailures.isPermanent(new PersistenceException("wrapped", sql)));
    }

    @Test
    void aLostConnectionOrAnUnknownFailureIsNotPermanent() {
        SQLException sql = new SQLException("Connection refused", (String) null);
        assertFalse(PermanentFailures.isPermanent(new JDBCConnectionException("no database", sql)));
        assertFalse(PermanentFailures.isPermanent(new IllegalStateException("anything else")));
    }

    @Test
    void aContractBreachIsPermanentEvenWhenWrapped() {
        assertTrue(PermanentFailures.isPermanent(new RuntimeException(new RejectedEventException("bad"))));
    }
}
