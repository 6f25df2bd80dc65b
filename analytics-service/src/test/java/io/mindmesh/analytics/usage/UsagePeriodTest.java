package io.mindmesh.analytics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsagePeriodTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-15");

    @Test
    void defaultsToTheLast30DaysIncludingToday() {
        assertEquals(new UsagePeriod(LocalDate.parse("2026-02-14"), TODAY), UsagePeriod.resolve(null, " ", TODAY));
    }

    @Test
    void anEndDateAloneEndsThe30Days() {
        assertEquals(new UsagePeriod(LocalDate.parse("2025-12-02"), LocalDate.parse("2025-12-31")),
                UsagePeriod.resolve(null, "2025-12-31", TODAY));
    }

    @Test
    void aStartDateAloneRunsToToday() {
        assertEquals(new UsagePeriod(LocalDate.parse("2026-01-01"), TODAY),
                UsagePeriod.resolve("2026-01-01", null, TODAY));
    }

    @Test
    void aSingleDayIsAllowed() {
        assertEquals(new UsagePeriod(TODAY, TODAY), UsagePeriod.resolve("2026-03-15", "2026-03-15", TODAY));
    }

    @Test
    void coversWholeUtcDays() {
        UsagePeriod period = UsagePeriod.resolve("2025-10-01", "2025-10-02", TODAY);
        assertEquals(Instant.parse("2025-10-01T00:00:00Z"), period.from());
        assertEquals(Instant.parse("2025-10-03T00:00:00Z"), period.until());
    }

    @Test
    void allows366DaysAndNoMore() {
        assertEquals(new UsagePeriod(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31")),
                UsagePeriod.resolve("2024-01-01", "2024-12-31", TODAY));
        ApiException tooLong = assertThrows(ApiException.class,
                () -> UsagePeriod.resolve("2024-01-01", "2025-01-01", TODAY));
        assertEquals("startDate", tooLong.extra().get("field"));
        assertEquals("startDate to endDate must cover at most 366 days, both included", tooLong.getMessage());
    }

    @Test
    void theStartMayNotFollowTheEnd() {
        ApiException reversed = assertThrows(ApiException.class,
                () -> UsagePeriod.resolve("2025-10-02", "2025-10-01", TODAY));
        assertEquals("endDate", reversed.extra().get("field"));
        assertEquals("endDate must not be before startDate", reversed.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "yesterday,             , startDate",
            "2025-10-01T00:00:00Z,  , startDate",
            "2025-02-30,            , startDate",
            "+10000-01-01,          , startDate",
            "0000-12-31,            , startDate",
            ",                      2025/10/01, endDate"})
    void aDateThatIsNotAnIsoDateIsNamed(String startDate, String endDate, String field) {
        ApiException invalid = assertThrows(ApiException.class, () -> UsagePeriod.resolve(startDate, endDate, TODAY));
        assertEquals(400, invalid.status());
        assertEquals(field, invalid.extra().get("field"));
        assertEquals(field + " must be an ISO 8601 date between years 0001 and 9999, e.g. 2025-10-01",
                invalid.getMessage());
    }
}
