package io.mindmesh.wallet.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.wallet.ledger.TransactionType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransactionFilterTest {

    @Test
    void everyFilterIsOptional() {
        assertEquals(new TransactionFilter(null, null, null), TransactionFilter.parse(null, " ", ""));
    }

    @Test
    void datesCoverWholeUtcDays() {
        TransactionFilter filter = TransactionFilter.parse(null, "2025-10-01", "2025-10-31");

        assertEquals(Instant.parse("2025-10-01T00:00:00Z"), filter.from());
        assertEquals(Instant.parse("2025-10-31T23:59:59.999999Z"), filter.to());
    }

    @Test
    void dateTimesKeepTheirOffset() {
        TransactionFilter filter = TransactionFilter.parse("hold", "2025-10-01T02:00:00+02:00", "2025-10-01T00:00:00Z");

        assertEquals(TransactionType.HOLD, filter.type());
        assertEquals(Instant.parse("2025-10-01T00:00:00Z"), filter.from());
        assertEquals(filter.from(), filter.to());
    }

    @Test
    void refusalsNameTheParameter() {
        assertEquals("startDate", field(() -> TransactionFilter.parse(null, "yesterday", null)));
        assertEquals("endDate", field(() -> TransactionFilter.parse(null, null, "2025-02-30")));
        assertEquals("endDate", field(() -> TransactionFilter.parse(null, "2025-10-02", "2025-10-01T23:59:59Z")));
        assertEquals("type", field(() -> TransactionFilter.parse("WITHDRAWAL", null, null)));
        assertNull(TransactionFilter.parse(null, null, null).type());
    }

    private static Object field(Runnable parse) {
        ApiException e = assertThrows(ApiException.class, parse::run);
        assertEquals(400, e.status());
        return e.extra().get("field");
    }
}
