package io.mindmesh.wallet.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettlementTest {

    @ParameterizedTest(name = "held {0}, cost {1} -> charged {2}, released {3}")
    @CsvSource({
        "0.880000, 0.500000, 0.500000, 0.380000",
        "0.880000, 0.880000, 0.880000, 0.000000",
        "0.880000, 1.500000, 0.880000, 0.000000",
        "0.880000, 0.000001, 0.000001, 0.879999",
        "1000000000.000000, 999999999.999999, 999999999.999999, 0.000001"
    })
    void captureChargesTheCostUpToTheHoldAndReleasesTheRest(String held, String cost, String charged,
            String released) {
        Settlement settlement = Settlement.capture(new BigDecimal(held), new BigDecimal(cost));

        assertEquals(new BigDecimal(charged), settlement.charged());
        assertEquals(new BigDecimal(released), settlement.released());
        assertEquals(new BigDecimal(held), settlement.charged().add(settlement.released()));
    }

    @Test
    void releaseGivesBackEverything() {
        Settlement settlement = Settlement.release(new BigDecimal("0.75"));

        assertEquals(new BigDecimal("0.000000"), settlement.charged());
        assertEquals(new BigDecimal("0.750000"), settlement.released());
        assertTrue(settlement.releasesAnything());
    }

    @Test
    void anExactCaptureReleasesNothing() {
        assertFalse(Settlement.capture(new BigDecimal("0.75"), new BigDecimal("0.75")).releasesAnything());
    }
}
