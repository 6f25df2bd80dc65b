package io.mindmesh.orchestrator.webhook.service;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt gave.
 *
 * @param statusCode the receiver's HTTP status, or null when no answer came
 * @param error      why the attempt failed, or null for a 2xx
 * @param retryable  whether another attempt may succeed (false for a refused address)
 */
public record AttemptResult(Instant startedAt, Duration duration, Integer statusCode, String error,
        boolean retryable) {

    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
