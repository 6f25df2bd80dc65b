package io.mindmesh.gateway.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of each key's budget this replica took from Redis ahead of need, so that a busy key
 * asks Redis once per lease instead of once per request. Redis counts a lease's tokens as spent
 * when it grants them, so the replicas together never admit more than the limit; how many a lease
 * takes is decided by the Redis script ({@link RateLimiter}), small enough near the limit that no
 * replica sits on tokens another one needs.
 *
 * <p>A lease is good for the minute window it was granted in. Its unused tokens are given back to
 * the day window, which they were counted in too, by the replica's next lease of that key (or by
 * {@link #pastWindows}), so that leases do not wear the day's budget down minute after minute.
 */
final class Leases {

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /**
     * @param tokens      unused tokens of this replica
     * @param minuteCount the key's minute count in Redis when the last lease was granted, its tokens included
     * @param dayCount    the same for the day window
     */
    private record Lease(long minute, long day, long tokens, long minuteCount, long dayCount) {

        boolean current(long minuteNow, long dayNow) {
            return minute == minuteNow && day == dayNow;
        }

        /** What this replica knows is left: what Redis had not granted, plus its own unused tokens. */
        Decision decision(Limits limits, Instant now) {
            return Windows.decide(true, minuteCount - tokens, dayCount - tokens, limits, now);
        }
    }

    /** Unused tokens of a day window, owed back to its count in Redis. */
    record Leftover(String keyId, long day, long tokens) {
    }

    /** Spends one leased token of this key in the current windows; null when this replica holds none. */
    Decision take(String keyId, Limits limits, Instant now) {
        long minute = Windows.minuteStart(now);
        long day = Windows.dayStart(now);
        Lease[] taken = new Lease[1];
        leases.computeIfPresent(keyId, (id, lease) -> {
            if (!lease.current(minute, day) || lease.tokens == 0) {
                return lease;
            }
            taken[0] = new Lease(minute, day, lease.tokens - 1, lease.minuteCount, lease.dayCount);
            return taken[0];
        });
        return taken[0] == null ? null : taken[0].decision(limits, now);
    }

    /**
     * The unused tokens of an earlier minute of today's window, handed over to be given back with
     * the next lease (and forgotten here, so that they are given back once).
     */
    long takeLeftover(String keyId, Instant now) {
        long minute = Windows.minuteStart(now);
        long day = Windows.dayStart(now);
        long[] leftover = new long[1];
        leases.computeIfPresent(keyId, (id, lease) -> {
            if (lease.minute == minute || lease.tokens == 0) {
                return lease;
            }
            leftover[0] = lease.day == day ? lease.tokens : 0;
            return null;
        });
        return leftover[0];
    }

    /**
     * Keeps what Redis granted, one token of which the asking request spends, and decides that
     * request. Tokens of concurrent grants in the same windows add up.
     */
    Decision granted(String keyId, long tokens, long minuteCount, long dayCount, Limits limits, Instant now) {
        long minute = Windows.minuteStart(now);
        long day = Windows.dayStart(now);
        Lease kept = leases.compute(keyId, (id, lease) -> lease != null && lease.current(minute, day)
                ? new Lease(minute, day, lease.tokens + tokens - 1, Math.max(lease.minuteCount, minuteCount),
                        Math.max(lease.dayCount, dayCount))
                : new Lease(minute, day, tokens - 1, minuteCount, dayCount));
        return kept.decision(limits, now);
    }

    /**
     * Forgets leases of minute windows that are over and returns their unused tokens still owed
     * to today's window; run periodically, so that keys that went quiet do not stay in memory.
     */
    List<Leftover> pastWindows(Instant now) {
        long minute = Windows.minuteStart(now);
        long day = Windows.dayStart(now);
        List<Leftover> owed = new ArrayList<>();
        for (String keyId : leases.keySet()) {
            leases.computeIfPresent(keyId, (id, lease) -> {
                if (lease.minute == minute) {
                    return lease;
                }
                if (lease.day == day && lease.tokens > 0) {
                    owed.add(new Leftover(id, lease.day, lease.tokens));
                }
                return null;
            });
        }
        return owed;
    }
}
