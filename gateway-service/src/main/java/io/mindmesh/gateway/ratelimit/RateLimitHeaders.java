package io.mindmesh.gateway.ratelimit;

import io.vertx.core.MultiMap;

/**
 * The public {@code X-RateLimit-*} headers (docs/public-api.md#rate-limits; the per-minute budget,
 * as the documented example shows them) and the IETF {@code RateLimit-Policy} / {@code RateLimit}
 * fields (draft-ietf-httpapi-ratelimit-headers) describing both windows.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void write(Decision d, long nowEpochSecond, MultiMap headers) {
        headers.set("X-RateLimit-Limit", String.valueOf(d.limits().perMinute()));
        headers.set("X-RateLimit-Remaining", String.valueOf(d.remaining()));
        headers.set("X-RateLimit-Reset", String.valueOf(d.reset().getEpochSecond()));
        headers.set("RateLimit-Policy", "\"minute\";q=" + d.limits().perMinute() + ";w=" + Windows.MINUTE
                + ", \"day\";q=" + d.limits().perDay() + ";w=" + Windows.DAY);
        long minuteReset = Windows.minuteStart(java.time.Instant.ofEpochSecond(nowEpochSecond)) + Windows.MINUTE
                - nowEpochSecond;
        long dayReset = Windows.dayStart(java.time.Instant.ofEpochSecond(nowEpochSecond)) + Windows.DAY
                - nowEpochSecond;
        headers.set("RateLimit", "\"minute\";r=" + d.minuteRemaining() + ";t=" + minuteReset
                + ", \"day\";r=" + d.dayRemaining() + ";t=" + dayReset);
    }
}
