package io.mindmesh.analytics.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDatesTest {

    @ParameterizedTest
    @CsvSource({
            "2025-10-01T00:00:00Z,          2025-10-01T00:00:00Z",
            "2025-10-01T00:00:00.250Z,      2025-10-01T00:00:00.250Z",
            "2025-10-01T02:00:00+02:00,     2025-10-01T00:00:00Z",
            "2025-10-01T00:00:00,           2025-10-01T00:00:00Z",
            "2025-10-01,                    2025-10-01T00:00:00Z",
            "' 2025-10-01T00:00:00Z ',      2025-10-01T00:00:00Z"})
    void startBoundsAreInstants(String value, Instant expected) {
        assertEquals(expected, IsoDates.startBound(value, "filters.startDate"));
    }

    @ParameterizedTest
    @CsvSource({
            "2025-10-31T23:59:59Z,  2025-10-31T23:59:59Z",
            "2025-10-31,            2025-10-31T23:59:59.999999Z"})
    void aBareEndDateReachesTheLastMicrosecondOfItsDay(String value, Instant expected) {
        assertEquals(expected, IsoDates.endBound(value, "filters.endDate"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aMissingBoundIsNoBound(String value) {
        assertNull(IsoDates.startBound(value, "filters.startDate"));
        assertNull(IsoDates.endBound(value, "filters.endDate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-02-30", "2025-10-01T25:00:00Z", "01/10/2025", "1759276800",
            "+10000-01-01", "-0001-01-01T00:00:00Z", "2025-10-01T00:00:00Zulu"})
    void anythingElseIsRejectedNamingTheField(String value) {
        ApiException e = assertThrows(ApiException.class, () -> IsoDates.startBound(value, "filters.startDate"));
        assertEquals(400, e.status());
        assertEquals("filters.startDate", e.extra().get("field"));
        assertEquals("filters.startDate must be an ISO 8601 date or date-time between years 0001 and 9999,"
                + " e.g. 2025-10-01T00:00:00Z", e.getMessage());
    }
}
