package io.mindmesh.gateway.ratelimit;

import java.time.Instant;

/**
 * Fixed windows aligned to the clock: a minute window and a UTC day window. Each request counts
 * once in both; it is admitted only while both counts are under their limits.
 *
 * <p>Why fixed windows: counts are exact and shared through one atomic increment per window, so
 * gateway replicas together never admit more than the limit within a window, and the reset time
 * in {@code X-RateLimit-Reset} is a real moment at which the budget returns. The known cost is a
 * burst of up to twice the limit across a window boundary, which the per-day budget bounds.
 */
public final class Windows {

    public static final long MINUTE = 60;
    public static final long DAY = 86_400;

    private Windows() {
    }

    public static long minuteStart(Instant now) {
        return now.getEpochSecond() / MINUTE * MINUTE;
    }

    public static long dayStart(Instant now) {
        return now.getEpochSecond() / DAY * DAY;
    }

    public static String minuteKey(String keyId, Instant now) {
        return "rl:" + keyId + ":m:" + minuteStart(now);
    }

    public static String dayKey(String keyId, Instant now) {
        return "rl:" + keyId + ":d:" + dayStart(now);
    }

    /**
     * The decision for counts seen after this request was counted (or refused).
     *
     * @param minuteCount requests in this minute window, this one included when admitted
     * @param dayCount    requests in this day window, this one included when admitted
     */
    public static Decision decide(boolean admitted, long minuteCount, long dayCount, Limits limits, Instant now) {
        long minuteLeft = Math.max(0, limits.perMinute() - minuteCount);
        long dayLeft = Math.max(0, limits.perDay() - dayCount);
        // The budget comes back when the binding window ends: the day's once it is spent.
        long reset = dayLeft == 0 ? dayStart(now) + DAY : minuteStart(now) + MINUTE;
        return new Decision(admitted, limits, Math.min(minuteLeft, dayLeft), minuteLeft, dayLeft,
                Instant.ofEpochSecond(reset), Math.max(1, reset - now.getEpochSecond()));
    }
}
