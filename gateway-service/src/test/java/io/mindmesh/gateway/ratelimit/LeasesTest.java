package io.mindmesh.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeasesTest {

    private static final Instant NOW = Instant.parse("2025-11-10T15:30:18Z");
    private static final Limits LIMITS = new Limits(10_000, 100_000);

    private final Leases leases = new Leases();

    @Test
    void aLeaseIsSpentTokenByTokenWithAnExactCountdown() {
        // Redis granted 100 tokens: the counts include all of them; the asking request spends one.
        Decision first = leases.granted("key_1", 100, 100, 100, LIMITS, NOW);
        assertEquals(9_999, first.minuteRemaining());
        assertEquals(99_999, first.dayRemaining());
        for (long remaining = 9_998; remaining >= 9_900; remaining--) {
            assertEquals(remaining, leases.take("key_1", LIMITS, NOW).minuteRemaining());
        }
        assertNull(leases.take("key_1", LIMITS, NOW), "all 100 tokens spent");
        assertNull(leases.take("key_2", LIMITS, NOW), "another key has a budget of its own");
    }

    @Test
    void concurrentGrantsInTheSameWindowAddUp() {
        leases.granted("key_1", 10, 10, 10, LIMITS, NOW);
        // Another request of this replica leased meanwhile; another replica took 5 in between.
        Decision second = leases.granted("key_1", 10, 25, 25, LIMITS, NOW);
        assertEquals(10_000 - 25 + 9 + 9, second.minuteRemaining());
        int taken = 0;
        while (leases.take("key_1", LIMITS, NOW) != null) {
            taken++;
        }
        assertEquals(18, taken);
    }

    @Test
    void aLeaseIsGoodForItsMinuteOnlyAndItsLeftoverIsGivenBackOnce() {
        leases.granted("key_1", 100, 100, 100, LIMITS, NOW);
        Instant nextMinute = NOW.plusSeconds(60);
        assertNull(leases.take("key_1", LIMITS, nextMinute));
        assertEquals(99, leases.takeLeftover("key_1", nextMinute));
        assertEquals(0, leases.takeLeftover("key_1", nextMinute), "given back once");
        assertEquals(0, leases.takeLeftover("key_1", NOW), "the lease is gone");
    }

    @Test
    void aLeftoverOfAnotherDayIsNotOwedToToday() {
        leases.granted("key_1", 100, 100, 100, LIMITS, NOW);
        assertEquals(0, leases.takeLeftover("key_1", NOW.plusSeconds(86_400)));
    }

    @Test
    void pastWindowsAreForgottenWithWhatTheyOweToday() {
        leases.granted("key_1", 100, 100, 100, LIMITS, NOW);
        leases.granted("key_2", 1, 1, 1, LIMITS, NOW);
        Instant later = NOW.plusSeconds(120);
        leases.granted("key_3", 100, 100, 100, LIMITS, later);

        assertEquals(List.of(new Leases.Leftover("key_1", Windows.dayStart(NOW), 99)), leases.pastWindows(later));
        assertEquals(0, leases.takeLeftover("key_1", later.plusSeconds(60)), "forgotten");
        assertEquals(9_998, leases.take("key_3", LIMITS, later).minuteRemaining(), "the current lease stays");
    }
}
