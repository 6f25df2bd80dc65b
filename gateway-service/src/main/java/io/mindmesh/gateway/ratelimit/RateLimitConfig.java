package io.mindmesh.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/**
 * Requests per minute and per day for each tier (docs/public-api.md#rate-limits); enterprise
 * accounts normally carry their own.
 */
@ConfigMapping(prefix = "gateway.rate-limits")
public interface RateLimitConfig {

    Tier developer();

    Tier business();

    Tier enterprise();

    interface Tier {
        long perMinute();

        long perDay();

        default Limits limits() {
            return new Limits(perMinute(), perDay());
        }
    }

    /** Routes without a key (a run's poll token), counted per client address. */
    Tier perClientIp();

    /**
     * The most tokens of a key's budget a replica takes from Redis at once and then spends without
     * asking it (never more than 1/64 of what is left); 1 asks Redis for every request, which keeps
     * {@code X-RateLimit-Remaining} a strict countdown across replicas.
     */
    @WithDefault("100")
    @Min(1)
    long leaseMax();

    /** How long the gateway waits for Redis before it limits locally instead. */
    @WithDefault("1s")
    java.time.Duration redisTimeout();

    /**
     * Consecutive failed Redis checks (timeouts included) after which the breaker opens: checks
     * stop asking Redis and limit locally at once, instead of each waiting {@link #redisTimeout()}.
     */
    @WithDefault("5")
    int redisBreakerFailures();

    /** How long an open breaker skips Redis before one check tries it again. */
    @WithDefault("10s")
    java.time.Duration redisBreakerDelay();

    default Limits forTier(String tier) {
        Tier t = switch (tier) {
            case "business" -> business();
            case "enterprise" -> enterprise();
            default -> developer();
        };
        return new Limits(t.perMinute(), t.perDay());
    }
}
