package io.mindmesh.gateway.ratelimit;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The public {@code X-RateLimit-*} headers (docs/public-api.md#rate-limits; the per-minute budget,
 * as the documented example shows them) and the IETF {@code RateLimit-Policy} / {@code RateLimit}
 * fields (draft-ietf-httpapi-ratelimit-headers) describing both windows.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void write(Decision d, long nowEpochSecond, MultivaluedMap<String, Object> headers) {
        headers.putSingle("X-RateLimit-Limit", String.valueOf(d.limits().perMinute()));
        headers.putSingle("X-RateLimit-Remaining", String.valueOf(d.remaining()));
        headers.putSingle("X-RateLimit-Reset", String.valueOf(d.reset().getEpochSecond()));
        headers.putSingle("RateLimit-Policy", "\"minute\";q=" + d.limits().perMinute() + ";w=" + Windows.MINUTE
                + ", \"day\";q=" + d.limits().perDay() + ";w=" + Windows.DAY);
        long minuteReset = Windows.minuteStart(java.time.Instant.ofEpochSecond(nowEpochSecond)) + Windows.MINUTE
                - nowEpochSecond;
        long dayReset = Windows.dayStart(java.time.Instant.ofEpochSecond(nowEpochSecond)) + Windows.DAY
                - nowEpochSecond;
        headers.putSingle("RateLimit", "\"minute\";r=" + d.minuteRemaining() + ";t=" + minuteReset
                + ", \"day\";r=" + d.dayRemaining() + ";t=" + dayReset);
    }
}
