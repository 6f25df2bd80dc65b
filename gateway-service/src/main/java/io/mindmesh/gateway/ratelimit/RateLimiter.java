package io.mindmesh.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Counts requests per API key in Redis, so all gateway replicas share one budget. When Redis
 * cannot answer within {@code gateway.rate-limits.redis-timeout}, each replica limits on its own
 * with the same windows (so a key gets at most the limit per replica) and counts the fallback in
 * {@code gateway_rate_limit_fallback_total}: availability first, and never a 500.
 *
 * <p>A hung Redis would make every request wait the full timeout, so a circuit breaker stops
 * asking it after {@code redis-breaker-failures} consecutive failures: while it is open (for
 * {@code redis-breaker-delay}, then one trial check) the limiter <em>fails open to the local
 * counters</em> at once, with the same per-replica limits as any other fallback, and counts each
 * check it did not send in {@code gateway_rate_limit_redis_skipped_total}. Requests are neither
 * refused nor left unlimited because Redis is down.
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

    /** Requests send only the script's digest; Redis keeps the script once it has seen it. */
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    /** Registered at start, so that dashboards and alerts see a zero rather than no series. */
    private final Counter fallbacks;
    private final Counter skipped;
    private final TypedGuard<Uni<Response>> breaker;
    private final LocalCounters local = new LocalCounters();
    /** Decides which windows a request counts in; the replicas' clocks are assumed to agree (NTP). */
    private final Clock clock;

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config, MeterRegistry metrics, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
        this.fallbacks = Counter.builder("gateway_rate_limit_fallback_total")
                .description("Rate-limit decisions made locally because Redis did not answer")
                .register(metrics);
        this.skipped = Counter.builder("gateway_rate_limit_redis_skipped_total")
                .description("Rate-limit checks not sent to Redis because its circuit breaker was open")
                .register(metrics);
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Response>>() {
                })
                .withCircuitBreaker()
                .requestVolumeThreshold(config.redisBreakerFailures()).failureRatio(1.0)
                .delay(config.redisBreakerDelay().toMillis(), ChronoUnit.MILLIS).successThreshold(1)
                .done()
                .build();
    }

    /**
     * Counts one request and decides. Never waits on a thread: the answer arrives on the calling
     * event loop when Redis replies, or from the local counters after {@code redis-timeout}.
     */
    public Uni<Decision> check(String keyId, Limits limits) {
        Instant now = clock.instant();
        String minuteKey = Windows.minuteKey(keyId, now);
        String dayKey = Windows.dayKey(keyId, now);
        return breaker.get(() -> count(minuteKey, dayKey, limits))
                .map(result -> Windows.decide(result.get(0).toInteger() == 1, result.get(1).toLong(),
                        result.get(2).toLong(), limits, now))
                .onFailure().recoverWithItem(e -> {
                    fallbacks.increment();
                    if (e instanceof CircuitBreakerOpenException) {
                        skipped.increment();
                    } else {
                        LOG.warnf("Redis unavailable for rate limiting, limiting locally: %s", e.toString());
                    }
                    return local.check(keyId, limits, now);
                });
    }

    private Uni<Response> count(String minuteKey, String dayKey, Limits limits) {
        String[] arguments = {"2", minuteKey, dayKey, String.valueOf(limits.perMinute()),
                String.valueOf(limits.perDay())};
        // A restarted or flushed Redis has forgotten the script: EVAL runs and caches it again.
        return run("EVALSHA", SCRIPT_SHA, arguments)
                .onFailure(RateLimiter::unknownScript).recoverWithUni(() -> run("EVAL", SCRIPT, arguments));
    }

    private Uni<Response> run(String command, String script, String[] arguments) {
        String[] args = new String[arguments.length + 1];
        args[0] = script;
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        return redis.execute(command, args).ifNoItem().after(config.redisTimeout()).fail();
    }

    private static boolean unknownScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}
