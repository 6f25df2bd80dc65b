package io.mindmesh.wallet.statement;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.ledger.TransactionType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/**
 * The filters of {@code GET /v1/wallet/transactions}, each optional. Dates are ISO-8601: a
 * date-time with an offset ({@code 2025-10-01T00:00:00Z}) or a date ({@code 2025-10-01}, UTC); both
 * bounds are inclusive, and a date as {@code endDate} covers that whole day.
 */
public record TransactionFilter(TransactionType type, Instant from, Instant to) {

    public static TransactionFilter parse(String type, String startDate, String endDate) {
        Instant from = blank(startDate) ? null : startOf("startDate", startDate.trim());
        Instant to = blank(endDate) ? null : endOf("endDate", endDate.trim());
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiException.invalid("endDate", "endDate must not be before startDate");
        }
        return new TransactionFilter(blank(type) ? null : type(type.trim()), from, to);
    }

    private static TransactionType type(String raw) {
        try {
            return TransactionType.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", "type must be one of " + Arrays.toString(TransactionType.values()));
        }
    }

    private static Instant startOf(String field, String raw) {
        return raw.contains("T") ? dateTime(field, raw) : date(field, raw).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A date ends at its last microsecond, the precision timestamps are stored with. */
    private static Instant endOf(String field, String raw) {
        return raw.contains("T") ? dateTime(field, raw)
                : date(field, raw).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(1, ChronoUnit.MICROS);
    }

    private static Instant dateTime(String field, String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(field);
        }
    }

    private static LocalDate date(String field, String raw) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw malformed(field);
        }
    }

    private static ApiException malformed(String field) {
        return ApiException.invalid(field, field
                + " must be an ISO-8601 date (2025-10-01) or date-time with offset (2025-10-01T00:00:00Z)");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
