package io.mindmesh.gateway.ratelimit;

import java.time.Instant;

/**
 * @param remaining         what the caller may still send now: the smaller of the two windows
 * @param retryAfterSeconds seconds until {@code reset}, at least 1
 */
public record Decision(boolean admitted, Limits limits, long remaining, long minuteRemaining, long dayRemaining,
        Instant reset, long retryAfterSeconds) {
}
