package io.mindmesh.gateway.ratelimit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The same fixed windows as the Redis script, counted in this replica only: the fallback. */
final class LocalCounters {

    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    Decision check(String keyId, Limits limits, Instant now) {
        long minute = Windows.minuteStart(now);
        long day = Windows.dayStart(now);
        Counts updated = counts.compute(keyId, (id, old) -> {
            Counts current = new Counts(minute, old != null && old.minute == minute ? old.minuteCount : 0,
                    day, old != null && old.day == day ? old.dayCount : 0, false);
            boolean admitted = current.minuteCount < limits.perMinute() && current.dayCount < limits.perDay();
            return admitted
                    ? new Counts(minute, current.minuteCount + 1, day, current.dayCount + 1, true)
                    : current;
        });
        return Windows.decide(updated.admitted, updated.minuteCount, updated.dayCount, limits, now);
    }

    private record Counts(long minute, long minuteCount, long day, long dayCount, boolean admitted) {
    }
}
