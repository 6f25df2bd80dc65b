package io.mindmesh.gateway.ratelimit;

/** A key's request budget: per minute and per day. */
public record Limits(long perMinute, long perDay) {
}
