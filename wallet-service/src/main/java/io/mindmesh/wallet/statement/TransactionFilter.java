package io.mindmesh.wallet.statement;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.ledger.TransactionType;
import io.mindmesh.common.time.DateRange;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The filters of {@code GET /v1/wallet/transactions}, each optional; the dates follow the
 * platform's one rule ({@link DateRange}): ISO 8601, both bounds inclusive, a bare date covers its
 * whole UTC day.
 */
public record TransactionFilter(TransactionType type, Instant from, Instant to) {

    public static TransactionFilter parse(String type, String startDate, String endDate) {
        DateRange range = DateRange.parse(startDate, endDate);
        return new TransactionFilter(blank(type) ? null : type(type.trim()), range.from(), range.to());
    }

    private static TransactionType type(String raw) {
        try {
            return TransactionType.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", "type must be one of " + Arrays.toString(TransactionType.values()));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
