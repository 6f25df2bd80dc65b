package io.mindmesh.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateRangeTest {

    @ParameterizedTest
    @CsvSource({
            "2025-10-01T00:00:00Z,          2025-10-01T00:00:00Z",
            "2025-10-01T00:00:00.250Z,      2025-10-01T00:00:00.250Z",
            "2025-10-01T02:00:00+02:00,     2025-10-01T00:00:00Z",
            "2025-10-01T00:00:00,           2025-10-01T00:00:00Z",
            "2025-10-01,                    2025-10-01T00:00:00Z",
            "' 2025-10-01T00:00:00Z ',      2025-10-01T00:00:00Z"})
    void startBoundsAreInstants(String value, Instant expected) {
        assertEquals(expected, DateRange.parse(value, null).from());
    }

    @ParameterizedTest
    @CsvSource({
            "2025-10-31T23:59:59Z,  2025-10-31T23:59:59Z",
            "2025-10-31,            2025-10-31T23:59:59.999999Z"})
    void aBareEndDateReachesTheLastMicrosecondOfItsDay(String value, Instant expected) {
        assertEquals(expected, DateRange.parse(null, value).to());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aMissingBoundIsNoBound(String value) {
        assertEquals(new DateRange(null, null), DateRange.parse(value, value));
    }

    @Test
    void aSingleDayIsBothBounds() {
        DateRange day = DateRange.parse("2025-10-01", "2025-10-01");

        assertEquals(Instant.parse("2025-10-01T00:00:00Z"), day.from());
        assertEquals(Instant.parse("2025-10-01T23:59:59.999999Z"), day.to());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-02-30", "2025-10-01T25:00:00Z", "01/10/2025", "1759276800",
            "+10000-01-01", "-0001-01-01T00:00:00Z", "2025-10-01T00:00:00Zulu"})
    void anythingElseIsRejectedNamingTheField(String value) {
        ApiException e = assertThrows(ApiException.class,
                () -> DateRange.parse("filters.startDate", value, "filters.endDate", null));
        assertEquals(400, e.status());
        assertEquals("filters.startDate", e.extra().get("field"));
        assertEquals("filters.startDate must be an ISO 8601 date (2025-10-01) or date-time (2025-10-01T00:00:00Z)"
                + " between years 0001 and 9999", e.getMessage());
    }

    @Test
    void anEndBeforeTheStartIsRefusedOnTheEnd() {
        ApiException e = assertThrows(ApiException.class,
                () -> DateRange.parse("2025-10-02", "2025-10-01T23:59:59Z"));
        assertEquals("endDate", e.extra().get("field"));
        assertEquals("endDate must not be before startDate", e.getMessage());
    }
}
