package io.mindmesh.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the open streams of each API key and account on this replica and refuses one beyond
 * {@code gateway.streams.max-per-key} or {@code max-per-account} with 429: a client cannot hold
 * the gateway's connections (and the orchestrator's stream pollers) without bound. Each accepted
 * stream holds a {@link Permit} until it closes, whichever side closes it. Counting is per replica:
 * a load balancer spreading a client's streams over n replicas allows it n times the limit.
 */
@ApplicationScoped
public class StreamLimits {

    private final StreamConfig config;
    private final Map<String, Integer> perKey = new HashMap<>();
    private final Map<String, Integer> perAccount = new HashMap<>();
    private final Counter keyRejections;
    private final Counter accountRejections;
    private int open;

    StreamLimits(StreamConfig config, MeterRegistry registry) {
        this.config = config;
        Gauge.builder("gateway_open_streams", this, StreamLimits::open)
                .description("Server-sent event streams open through this gateway replica")
                .register(registry);
        keyRejections = rejections(registry, "key");
        accountRejections = rejections(registry, "account");
    }

    private static Counter rejections(MeterRegistry registry, String limit) {
        return Counter.builder("gateway_stream_rejections_total")
                .description("Streams refused with 429 because the key or the account had too many open, by limit")
                .tag("limit", limit).register(registry);
    }

    /** A permit for one more stream of this key, or 429 {@code RATE_LIMIT_EXCEEDED} when a limit is reached. */
    public synchronized Permit acquire(String keyId, String accountId) {
        if (perKey.getOrDefault(keyId, 0) >= config.maxPerKey()) {
            keyRejections.increment();
            throw tooMany("this API key", config.maxPerKey());
        }
        if (perAccount.getOrDefault(accountId, 0) >= config.maxPerAccount()) {
            accountRejections.increment();
            throw tooMany("this account", config.maxPerAccount());
        }
        perKey.merge(keyId, 1, Integer::sum);
        perAccount.merge(accountId, 1, Integer::sum);
        open++;
        return new Permit(keyId, accountId);
    }

    synchronized int open() {
        return open;
    }

    private synchronized void release(String keyId, String accountId) {
        perKey.computeIfPresent(keyId, (k, n) -> n == 1 ? null : n - 1);
        perAccount.computeIfPresent(accountId, (a, n) -> n == 1 ? null : n - 1);
        open--;
    }

    private ApiException tooMany(String holder, int limit) {
        int seconds = (int) Math.max(1, config.retryAfter().toSeconds());
        return new ApiException(429, ErrorCode.RATE_LIMIT_EXCEEDED, "Too many open streams for " + holder
                + " (at most " + limit + "). Close one, or try again in " + seconds + " seconds.",
                Map.of("retryAfter", seconds, "limit", limit)).retryAfter(seconds);
    }

    /** One open stream; released once, however many of its ends report that it closed. */
    public final class Permit {

        private final String keyId;
        private final String accountId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String keyId, String accountId) {
            this.keyId = keyId;
            this.accountId = accountId;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                StreamLimits.this.release(keyId, accountId);
            }
        }
    }
}
