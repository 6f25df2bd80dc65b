package io.mindmesh.orchestrator.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), 3, Duration.ofHours(1));

    @Test
    void ceilingsGrowByTheMultiplierUpToTheCap() {
        List<Duration> ceilings = IntStream.rangeClosed(1, 9).mapToObj(schedule::ceiling).toList();

        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(90),
                Duration.ofSeconds(270), Duration.ofSeconds(810), Duration.ofSeconds(2430), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofHours(1)), ceilings);
        assertEquals(Duration.ofHours(1), schedule.ceiling(500), "no overflow however many attempts");
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        Random random = new Random(42);
        List<Long> delays = IntStream.range(0, 1000).mapToObj(i -> schedule.delayAfter(2, random).toMillis()).toList();

        assertTrue(delays.stream().allMatch(d -> d >= 0 && d <= 30_000));
        assertTrue(delays.stream().anyMatch(d -> d < 10_000) && delays.stream().anyMatch(d -> d > 20_000),
                "spread over the whole range");
    }

    @Test
    void refusesANonsensicalSchedule() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, 3, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySchedule(Duration.ofSeconds(10), 3, Duration.ofSeconds(1)));
    }
}
