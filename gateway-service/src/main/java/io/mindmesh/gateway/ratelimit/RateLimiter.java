package io.mindmesh.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Counts requests per API key in Redis, so all gateway replicas share one budget. When Redis
 * cannot answer within {@code gateway.rate-limits.redis-timeout}, each replica limits on its own
 * with the same windows (so a key gets at most the limit per replica) and counts the fallback in
 * {@code gateway_rate_limit_fallback_total}: availability first, and never a 500.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** Check both windows, and count in both only when both have room: one atomic step. */
    private static final String SCRIPT = """
            local m = tonumber(redis.call('GET', KEYS[1]) or '0')
            local d = tonumber(redis.call('GET', KEYS[2]) or '0')
            if m >= tonumber(ARGV[1]) or d >= tonumber(ARGV[2]) then
              return {0, m, d}
            end
            m = redis.call('INCR', KEYS[1])
            if m == 1 then redis.call('EXPIRE', KEYS[1], 61) end
            d = redis.call('INCR', KEYS[2])
            if d == 1 then redis.call('EXPIRE', KEYS[2], 86401) end
            return {1, m, d}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    /** Registered at start, so that dashboards and alerts see a zero rather than no series. */
    private final Counter fallbacks;
    private final LocalCounters local = new LocalCounters();

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.fallbacks = Counter.builder("gateway_rate_limit_fallback_total")
                .description("Rate-limit decisions made locally because Redis did not answer")
                .register(metrics);
    }

    public Decision check(String keyId, Limits limits) {
        Instant now = Instant.now();
        String minuteKey = Windows.minuteKey(keyId, now);
        String dayKey = Windows.dayKey(keyId, now);
        try {
            Response result = redis.execute("EVAL", SCRIPT, "2", minuteKey, dayKey,
                    String.valueOf(limits.perMinute()), String.valueOf(limits.perDay()))
                    .await().atMost(config.redisTimeout());
            return Windows.decide(result.get(0).toInteger() == 1, result.get(1).toLong(), result.get(2).toLong(),
                    limits, now);
        } catch (RuntimeException e) {
            fallbacks.increment();
            LOG.warnf("Redis unavailable for rate limiting, limiting locally: %s", e.toString());
            return local.check(keyId, limits, now);
        }
    }
}
