package io.mindmesh.wallet.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.common.error.ApiException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsufficientBalanceTest {

    private static final String TOP_UP = "https://app.mindmesh.local/wallet/topup";

    @Test
    void matchesTheSeedsExample() {
        ApiException error = InsufficientBalance.error(new BigDecimal("0.750000"), new BigDecimal("0.500000"), TOP_UP);

        assertEquals(402, error.status());
        assertEquals("INSUFFICIENT_BALANCE", error.code());
        assertEquals("Insufficient wallet balance. Required: $0.75, Available: $0.50", error.getMessage());
        assertEquals(List.of("requiredBalance", "currentBalance", "topUpUrl"), List.copyOf(error.extra().keySet()));
        assertEquals(new BigDecimal("0.75"), error.extra().get("requiredBalance"));
        assertEquals(new BigDecimal("0.50"), error.extra().get("currentBalance"));
        assertEquals(TOP_UP, error.extra().get("topUpUrl"));
    }

    @Test
    void keepsSubCentPrecisionAndNeverUsesExponents() {
        ApiException error = InsufficientBalance.error(new BigDecimal("100.000000"), new BigDecimal("0.000001"), TOP_UP);

        assertEquals("Insufficient wallet balance. Required: $100.00, Available: $0.000001", error.getMessage());
    }
}
