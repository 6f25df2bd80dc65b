package io.mindmesh.analytics.usage;

import io.mindmesh.common.error.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The UTC days a usage report covers, both ends included. Without {@code endDate} it ends today;
 * without {@code startDate} it starts {@link #DEFAULT_DAYS} days before its end, so the default is
 * the last 30 days including today.
 */
public record UsagePeriod(LocalDate start, LocalDate end) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;

    static final String START_DATE = "startDate";
    static final String END_DATE = "endDate";

    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    /**
     * @param startDate ISO date ({@code 2025-10-01}), or null / blank
     * @param endDate   ISO date, or null / blank
     * @param today     the current UTC date
     */
    public static UsagePeriod resolve(String startDate, String endDate, LocalDate today) {
        LocalDate end = parse(endDate, END_DATE);
        if (end == null) {
            end = today;
        }
        LocalDate start = parse(startDate, START_DATE);
        if (start == null) {
            start = end.minusDays(DEFAULT_DAYS - 1);
        }
        if (start.isAfter(end)) {
            throw ApiException.invalid(END_DATE, "endDate must not be before startDate");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw ApiException.invalid(START_DATE,
                    "startDate to endDate must cover at most " + MAX_DAYS + " days, both included");
        }
        return new UsagePeriod(start, end);
    }

    /** The first instant of the first day. */
    public Instant from() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the last day. */
    public Instant until() {
        return end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (!date.isBefore(EARLIEST) && !date.isAfter(LATEST)) {
                return date;
            }
        } catch (DateTimeException e) {
            // answered below, like a date outside the range
        }
        throw ApiException.invalid(field, field + " must be an ISO 8601 date between years 0001 and 9999,"
                + " e.g. 2025-10-01");
    }
}
