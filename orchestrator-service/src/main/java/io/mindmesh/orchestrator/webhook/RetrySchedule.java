package io.mindmesh.orchestrator.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after attempt {@code n} the next one waits a uniformly random
 * time between zero and {@code min(cap, base × multiplier^(n-1))}. The jitter spreads the retries of
 * many deliveries to a receiver that just came back, instead of sending them all at once.
 */
public record RetrySchedule(Duration base, int multiplier, Duration cap) {

    public RetrySchedule {
        if (base.isNegative() || base.isZero() || multiplier < 1 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("Retry schedule needs base > 0, multiplier >= 1 and cap >= base");
        }
    }

    /** The longest wait after attempt {@code attempt} (from 1): the published schedule. */
    public Duration ceiling(int attempt) {
        long millis = base.toMillis();
        for (int i = 1; i < attempt && millis < cap.toMillis(); i++) {
            millis = Math.multiplyExact(millis, multiplier);
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /** The wait after attempt {@code attempt}, drawn from {@code [0, ceiling(attempt)]}. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    }
}
