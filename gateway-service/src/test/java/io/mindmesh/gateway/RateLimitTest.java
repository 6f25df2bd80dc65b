package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccountLimitedTo;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.gateway.ratelimit.Decision;
import io.mindmesh.gateway.ratelimit.Limits;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import io.mindmesh.gateway.ratelimit.RateLimiter;
import io.mindmesh.gateway.ratelimit.Windows;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.mindmesh.testing.RedisServer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class RateLimitTest {

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RateLimitConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    private static final Instant NOW = TestClock.eighteenSecondsIntoThisMinute();

    /** Windows are aligned to the clock: each test runs at one fixed moment, so it stays in one window. */
    @BeforeEach
    void stopTheClock() {
        TestClock.SHARED.freezeAt(NOW);
    }

    @AfterEach
    void releaseTheClock() {
        TestClock.SHARED.release();
    }

    @Test
    void everyAuthenticatedResponseCarriesTheBudget() {
        String key = newKey(newAccountLimitedTo(5), "live");

        given().auth().oauth2(key).when().get("/v1/auth/test")
                .then().statusCode(200)
                .header("X-RateLimit-Limit", equalTo("5"))
                .header("X-RateLimit-Remaining", equalTo("4"))
                .header("X-RateLimit-Reset", equalTo(String.valueOf(NOW.getEpochSecond() + 42)))
                .header("RateLimit-Policy", equalTo("\"minute\";q=5;w=60, \"day\";q=1000;w=86400"))
                .header("RateLimit", containsString("\"minute\";r=4;t=42, "));
    }

    @Test
    void theRequestOverTheLimitIsRefusedInTheSeedShape() {
        String key = newKey(newAccountLimitedTo(3), "live");
        for (int remaining = 2; remaining >= 0; remaining--) {
            given().auth().oauth2(key).when().get("/v1/auth/test")
                    .then().statusCode(200).header("X-RateLimit-Remaining", equalTo(String.valueOf(remaining)));
        }

        given().auth().oauth2(key).when().get("/v1/auth/test")
                .then().statusCode(429)
                .header("Retry-After", equalTo("42"))
                .header("X-RateLimit-Remaining", equalTo("0"))
                .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                .body("message", equalTo("Rate limit exceeded. Try again in 42 seconds."))
                .body("limit", equalTo(3))
                .body("remaining", equalTo(0))
                .body("resetAt", equalTo(NOW.plusSeconds(42).toString()))
                .body("requestId", matchesPattern("req_[0-9a-f]{24}"));
    }

    @Test
    void theBudgetComesBackWhenTheMinuteWindowEnds() {
        String key = newKey(newAccountLimitedTo(1), "live");
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200);
        TestClock.SHARED.advance(Duration.ofSeconds(41));
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(429).header("Retry-After", equalTo("1"));

        TestClock.SHARED.advance(Duration.ofSeconds(1));
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200)
                .header("X-RateLimit-Remaining", equalTo("0"))
                .header("X-RateLimit-Reset", equalTo(String.valueOf(NOW.getEpochSecond() + 42 + 60)));
    }

    @Test
    void keysHaveSeparateBudgets() {
        String account = newAccountLimitedTo(1);
        String first = newKey(account, "live");
        String second = newKey(account, "live");
        given().auth().oauth2(first).get("/v1/auth/test").then().statusCode(200);
        given().auth().oauth2(first).get("/v1/auth/test").then().statusCode(429);
        given().auth().oauth2(second).get("/v1/auth/test").then().statusCode(200);
    }

    @Test
    void twoLimitersSharingRedisAdmitNoMoreThanTheLimitBetweenThem() throws Exception {
        assertEquals(50, admittedByTwoReplicas("key_" + UUID.randomUUID(), new Limits(50, 1000), 120));
    }

    @Test
    void busyReplicasAskRedisOncePerLeaseAndStillAdmitExactlyTheLimit() throws Exception {
        String keyId = "key_" + UUID.randomUUID();
        long scriptsBefore = scriptCalls();
        assertEquals(10_000, admittedByTwoReplicas(keyId, new Limits(10_000, 1_000_000), 10_500));
        String minuteKey = Windows.minuteKey(keyId, clock.instant());
        assertEquals("10000", redis.execute("GET", minuteKey).await().indefinitely().toString());
        // About 410 leases for the 10,000 (1/64 of what is left each, single tokens near the end),
        // then one call for each of the 500 refusals.
        long scripts = scriptCalls() - scriptsBefore;
        assertTrue(scripts < 1_500, scripts + " Redis script calls for 10,500 checks");
    }

    @Test
    void oneReplicaSpendingItsLeaseCountsDownExactly() {
        RateLimiter limiter = new RateLimiter(redis, config, metrics, clock);
        String keyId = "key_" + UUID.randomUUID();
        Limits limits = new Limits(10_000, 1_000_000);
        for (long remaining = 9_999; remaining >= 9_995; remaining--) {
            assertEquals(remaining, limiter.check(keyId, limits).await().indefinitely().remaining());
        }
        assertEquals("100", redis.execute("GET", Windows.minuteKey(keyId, clock.instant())).await().indefinitely()
                .toString(), "one lease of 100 tokens, taken from Redis once");
    }

    @Test
    void tokensLeasedInAnEarlierMinuteGoBackToTheDay() {
        RateLimiter limiter = new RateLimiter(redis, config, metrics, clock);
        String keyId = "key_" + UUID.randomUUID();
        Limits limits = new Limits(10_000, 100_000);
        TestClock.SHARED.freezeAt(Instant.parse("2030-06-01T12:00:18Z")); // the next minute is the same day
        limiter.check(keyId, limits).await().indefinitely();
        TestClock.SHARED.advance(Duration.ofSeconds(60));

        Decision second = limiter.check(keyId, limits).await().indefinitely();

        assertEquals(99_998, second.dayRemaining(), "two requests spent of the day");
        assertEquals("101", redis.execute("GET", Windows.dayKey(keyId, clock.instant())).await().indefinitely()
                .toString(), "the first lease's 99 unused tokens given back, the second's 100 counted");
    }

    /** {@code checks} checks of one key from 8 threads, alternating between two limiters sharing Redis. */
    private long admittedByTwoReplicas(String keyId, Limits limits, int checks) throws Exception {
        RateLimiter replicaA = new RateLimiter(redis, config, metrics, clock);
        RateLimiter replicaB = new RateLimiter(redis, config, metrics, clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                RateLimiter replica = i % 2 == 0 ? replicaA : replicaB;
                calls.add(() -> replica.check(keyId, limits).await().indefinitely().admitted());
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                admitted += f.get() ? 1 : 0;
            }
            return admitted;
        } finally {
            pool.shutdownNow();
        }
    }

    private long scriptCalls() {
        String stats = redis.execute("INFO", "commandstats").await().indefinitely().toString();
        long calls = 0;
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                calls += Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1"));
            }
        }
        return calls;
    }

    @Test
    void aRedisThatForgotTheScriptIsStillUsedNotBypassed() {
        String key = newKey(newAccountLimitedTo(2), "live");
        double fallbacksBefore = metrics.counter("gateway_rate_limit_fallback_total").count();
        redis.execute("SCRIPT", "FLUSH").await().indefinitely();

        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200)
                .header("X-RateLimit-Remaining", equalTo("1"));
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200);
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(429);
        assertEquals(fallbacksBefore, metrics.counter("gateway_rate_limit_fallback_total").count());
    }

    @Test
    void withoutRedisTheGatewayLimitsLocallyInsteadOfFailing() {
        String key = newKey(newAccountLimitedTo(2), "live");
        double fallbacksBefore = metrics.counter("gateway_rate_limit_fallback_total").count();
        RedisServer.shared().stop();
        try {
            given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200)
                    .header("X-RateLimit-Remaining", equalTo("1"));
            given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200);
            given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(429)
                    .body("error", equalTo("RATE_LIMIT_EXCEEDED"));
        } finally {
            RedisServer.shared().restart();
        }
        assertEquals(fallbacksBefore + 3, metrics.counter("gateway_rate_limit_fallback_total").count());
    }

    @Test
    void aHungRedisOpensTheBreakerSoChecksStopWaitingForIt() {
        RateLimiter limiter = new RateLimiter(redis, config, metrics, clock);
        String keyId = "key_" + UUID.randomUUID();
        Limits limits = new Limits(50, 1000);
        double fallbacksBefore = metrics.counter("gateway_rate_limit_fallback_total").count();
        double skippedBefore = metrics.counter("gateway_rate_limit_redis_skipped_total").count();
        int checks = config.redisBreakerFailures() + 4;
        // Redis accepts commands and answers none of them for 15 s: a hung Redis. (A command sent
        // meanwhile, UNPAUSE included, waits for the pause to end.)
        redis.execute("CLIENT", "PAUSE", "15000", "ALL").await().indefinitely();
        try {
            for (int i = 0; i < checks; i++) {
                assertEquals(true, limiter.check(keyId, limits).await().indefinitely().admitted());
            }
        } finally {
            // The other tests find Redis answering again.
            redis.execute("PING").await().atMost(Duration.ofSeconds(30));
        }
        assertEquals(fallbacksBefore + checks, metrics.counter("gateway_rate_limit_fallback_total").count(),
                "every check was decided locally");
        assertEquals(skippedBefore + checks - config.redisBreakerFailures(),
                metrics.counter("gateway_rate_limit_redis_skipped_total").count(),
                "only the checks before the breaker opened waited for Redis");
    }
}
