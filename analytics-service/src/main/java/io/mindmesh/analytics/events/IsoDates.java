package io.mindmesh.analytics.events;

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
 * Reads the ISO 8601 bounds of {@code filters.startDate} / {@code filters.endDate}. A date-time
 * without an offset is read as UTC. A bare date covers its whole UTC day: as a start it means the
 * day's first instant, as an end its last (to the microsecond PostgreSQL keeps), so that
 * {@code "endDate": "2025-10-31"} includes the 31st. Years are limited to 0001-9999, the range of
 * ISO 8601 without an agreed expansion, which also keeps every bound inside PostgreSQL's.
 */
public final class IsoDates {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final String FORMAT_HINT = " must be an ISO 8601 date or date-time between years 0001 and 9999,"
            + " e.g. 2025-10-01T00:00:00Z";

    private IsoDates() {
    }

    /** @return the instant, or null when the filter is absent or blank */
    public static Instant startBound(String value, String field) {
        return parse(value, field, false);
    }

    /** @return the instant, or null when the filter is absent or blank */
    public static Instant endBound(String value, String field) {
        return parse(value, field, true);
    }

    private static Instant parse(String value, String field, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = toInstant(value.trim(), endOfDay);
        } catch (DateTimeException e) {
            throw ApiException.invalid(field, field + FORMAT_HINT);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.invalid(field, field + FORMAT_HINT);
        }
        return instant;
    }

    private static Instant toInstant(String text, boolean endOfDay) {
        if (!text.contains("T")) {
            Instant dayStart = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return endOfDay ? dayStart.plus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.MICROS) : dayStart;
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
        return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? Instant.from(parsed)
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
