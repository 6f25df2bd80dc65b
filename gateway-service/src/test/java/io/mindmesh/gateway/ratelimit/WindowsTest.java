package io.mindmesh.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final Instant NOW = Instant.parse("2025-11-10T15:30:18Z");
    private static final Limits LIMITS = new Limits(100, 10_000);

    @Test
    void windowsAreAlignedToTheMinuteAndTheUtcDay() {
        assertEquals(Instant.parse("2025-11-10T15:30:00Z").getEpochSecond(), Windows.minuteStart(NOW));
        assertEquals(Instant.parse("2025-11-10T00:00:00Z").getEpochSecond(), Windows.dayStart(NOW));
        assertEquals("rl:key_1:m:" + Windows.minuteStart(NOW), Windows.minuteKey("key_1", NOW));
    }

    @Test
    void admittedRequestReportsTheSmallerRemainderAndTheMinuteReset() {
        Decision d = Windows.decide(true, 5, 9_000, LIMITS, NOW);
        assertTrue(d.admitted());
        assertEquals(95, d.remaining());
        assertEquals(Instant.parse("2025-11-10T15:31:00Z"), d.reset());
        assertEquals(42, d.retryAfterSeconds());
    }

    @Test
    void aSpentDayResetsAtMidnightUtc() {
        Decision d = Windows.decide(false, 3, 10_000, LIMITS, NOW);
        assertFalse(d.admitted());
        assertEquals(0, d.remaining());
        assertEquals(Instant.parse("2025-11-11T00:00:00Z"), d.reset());
    }

    @Test
    void localCountersRefuseOverTheLimitAndStartAgainInTheNextWindow() {
        LocalCounters counters = new LocalCounters();
        Limits two = new Limits(2, 100);
        assertTrue(counters.check("k", two, NOW).admitted());
        assertTrue(counters.check("k", two, NOW).admitted());
        assertFalse(counters.check("k", two, NOW).admitted());
        assertTrue(counters.check("k", two, NOW.plusSeconds(60)).admitted());
        assertTrue(counters.check("other", two, NOW).admitted());
    }
}
