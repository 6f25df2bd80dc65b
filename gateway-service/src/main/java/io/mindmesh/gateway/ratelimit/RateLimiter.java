package io.mindmesh.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.gateway.http.CircuitBreaker;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Counts requests per API key in Redis, so all gateway replicas share one budget. A busy key's
 * replica leases tokens of that budget in chunks ({@link Leases}) and spends them without asking
 * Redis again, so that Redis is asked once per lease rather than once per request. When Redis
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

    /**
     * Checks both windows and, only when both have room, counts a lease in both: one atomic step.
     * A lease is at most {@code lease-max} tokens and at most 1/{@link #LEASE_SHARE} of the smaller
     * room, at least one. So the replicas together never admit more than the limit, and near the
     * limit every lease is a single token: a replica holds back from the others at most what it
     * leased and then got no calls for, under 1/64 of what was left when it leased. ARGV[5] is what
     * this replica gives back to the day window from its lease of an earlier minute.
     */
    private static final String SCRIPT = """
            local back = tonumber(ARGV[5])
            if back > 0 and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DECRBY', KEYS[2], back) end
            local m = tonumber(redis.call('GET', KEYS[1]) or '0')
            local d = tonumber(redis.call('GET', KEYS[2]) or '0')
            local room = math.min(tonumber(ARGV[1]) - m, tonumber(ARGV[2]) - d)
            if room <= 0 then
              return {0, m, d}
            end
            local n = math.max(1, math.min(tonumber(ARGV[3]), math.floor(room / tonumber(ARGV[4]))))
            m = redis.call('INCRBY', KEYS[1], n)
            if m == n then redis.call('EXPIRE', KEYS[1], 61) end
            d = redis.call('INCRBY', KEYS[2], n)
            if d == n then redis.call('EXPIRE', KEYS[2], 86401) end
            return {n, m, d}
            """;

    /** Gives unused tokens back to a day window that still exists (a flushed Redis owes nothing). */
    private static final String GIVE_BACK = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECRBY', KEYS[1], ARGV[1]) end
            return 0
            """;

    /** A lease takes at most this fraction of what is left (see {@link #SCRIPT}). */
    static final long LEASE_SHARE = 64;

    /** Requests send only the script's digest; Redis keeps the script once it has seen it. */
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    /** Registered at start, so that dashboards and alerts see a zero rather than no series. */
    private final Counter fallbacks;
    private final Counter skipped;
    private final CircuitBreaker breaker;
    private final LocalCounters local = new LocalCounters();
    private final Leases leases = new Leases();
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
        this.breaker = new CircuitBreaker(config.redisBreakerFailures(), 1.0, config.redisBreakerDelay());
    }

    /**
     * Counts one request and decides. Never waits on a thread: the answer comes from this
     * replica's lease of the key's budget, or arrives on the calling event loop when Redis replies,
     * or from the local counters after {@code redis-timeout}.
     */
    public Uni<Decision> check(String keyId, Limits limits) {
        Decision leased = fromLease(keyId, limits);
        return leased != null ? Uni.createFrom().item(leased) : checkInRedis(keyId, limits, clock.instant());
    }

    /**
     * The decision from this replica's lease of the key's budget, when it holds one for the current
     * window with a token left; null when only {@link #check} can decide. The common case of a busy
     * key, answered without building anything asynchronous.
     */
    public Decision fromLease(String keyId, Limits limits) {
        return leases.take(keyId, limits, clock.instant());
    }

    private Uni<Decision> checkInRedis(String keyId, Limits limits, Instant now) {
        long givenBack = leases.takeLeftover(keyId, now);
        String minuteKey = Windows.minuteKey(keyId, now);
        String dayKey = Windows.dayKey(keyId, now);
        return breaker.call(() -> lease(minuteKey, dayKey, limits, givenBack))
                .map(result -> {
                    long granted = result.get(0).toLong();
                    long minuteCount = result.get(1).toLong();
                    long dayCount = result.get(2).toLong();
                    return granted == 0
                            ? Windows.decide(false, minuteCount, dayCount, limits, now)
                            : leases.granted(keyId, granted, minuteCount, dayCount, limits, now);
                })
                .onFailure().recoverWithItem(e -> {
                    fallbacks.increment();
                    if (e instanceof CircuitBreaker.Open) {
                        skipped.increment();
                    } else {
                        LOG.warnf("Redis unavailable for rate limiting, limiting locally: %s", e.toString());
                    }
                    return local.check(keyId, limits, now);
                });
    }

    /** Leases of keys that went quiet are forgotten, their unused tokens given back to today's window. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetPastLeases() {
        for (Leases.Leftover leftover : leases.pastWindows(clock.instant())) {
            String dayKey = Windows.dayKey(leftover.keyId(), Instant.ofEpochSecond(leftover.day()));
            run("EVAL", GIVE_BACK, new String[] {"1", dayKey, String.valueOf(leftover.tokens())}).subscribe().with(
                    ignored -> {
                    },
                    e -> LOG.debugf("Unused rate-limit tokens not given back (the day window just loses them): %s",
                            e.toString()));
        }
    }

    private Uni<Response> lease(String minuteKey, String dayKey, Limits limits, long givenBack) {
        String[] arguments = {"2", minuteKey, dayKey, String.valueOf(limits.perMinute()),
                String.valueOf(limits.perDay()), String.valueOf(config.leaseMax()), String.valueOf(LEASE_SHARE),
                String.valueOf(givenBack)};
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
