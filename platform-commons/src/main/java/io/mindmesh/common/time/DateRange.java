package io.mindmesh.common.time;

import io.mindmesh.common.error.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * The {@code startDate} / {@code endDate} filters of the list endpoints
 * (docs/public-api.md#filtering-and-sorting) and of the analytics event query
 * (docs/public-api.md#event-query), read the same way by every service. Both bounds are ISO 8601
 * and inclusive:
 * <ul>
 * <li>a date-time with an offset is that instant; one without an offset is read as UTC;</li>
 * <li>a bare date covers its whole UTC day: as a start its first instant, as an end its last
 * microsecond (PostgreSQL's precision), so that {@code endDate=2025-10-31} includes the 31st;</li>
 * <li>years are 0001-9999, the range of ISO 8601 without an agreed expansion, which also keeps every
 * bound inside PostgreSQL's;</li>
 * <li>blank means no bound; an end before the start is refused.</li>
 * </ul>
 * Each violation is a 400 {@code INVALID_REQUEST} naming the field.
 *
 * @param from the first instant included, or null
 * @param to the last instant included, or null
 */
public record DateRange(Instant from, Instant to) {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final String FORMAT_HINT = " must be an ISO 8601 date (2025-10-01) or date-time"
            + " (2025-10-01T00:00:00Z) between years 0001 and 9999";

    /** Reads the filters named {@code startDate} and {@code endDate}. */
    public static DateRange parse(String startDate, String endDate) {
        return parse("startDate", startDate, "endDate", endDate);
    }

    /** Reads the filters under the names the request uses, e.g. {@code filters.startDate}. */
    public static DateRange parse(String startField, String startDate, String endField, String endDate) {
        Instant from = bound(startField, startDate, false);
        Instant to = bound(endField, endDate, true);
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiException.invalid(endField, endField + " must not be before " + startField);
        }
        return new DateRange(from, to);
    }

    /**
     * One instant, e.g. an event's {@code timestamp}: a bare date is its first instant. A blank value
     * is refused like any other that is not a date (only an absent field may default).
     */
    public static Instant instant(String field, String value) {
        Instant instant = bound(field, value, false);
        if (instant == null) {
            throw ApiException.invalid(field, field + FORMAT_HINT);
        }
        return instant;
    }

    private static Instant bound(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = toInstant(value.trim(), end);
        } catch (DateTimeException e) {
            throw ApiException.invalid(field, field + FORMAT_HINT);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.invalid(field, field + FORMAT_HINT);
        }
        return instant;
    }

    private static Instant toInstant(String text, boolean end) {
        if (!text.contains("T")) {
            Instant dayStart = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return end ? dayStart.plus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.MICROS) : dayStart;
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
        return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? Instant.from(parsed)
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
