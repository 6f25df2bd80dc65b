package io.mindmesh.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.gateway.TestClock;
import io.mindmesh.gateway.ratelimit.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    private static final Duration TTL = Duration.ofMillis(500);

    private final TestClock clock = TestClock.stoppedAt(Instant.parse("2026-01-05T10:00:00Z"));
    private final Map<String, Integer> loads = new HashMap<>();

    private Function<String, Optional<AuthenticatedKey>> database(AuthenticatedKey... valid) {
        Map<String, AuthenticatedKey> rows = new HashMap<>();
        for (AuthenticatedKey key : valid) {
            rows.put("hash-" + key.keyId(), key);
        }
        return hash -> {
            loads.merge(hash, 1, Integer::sum);
            return Optional.ofNullable(rows.get(hash));
        };
    }

    private static AuthenticatedKey key(String keyId, String accountId, Instant expiresAt) {
        return new AuthenticatedKey(keyId, accountId, "Test", "developer", "live", true, new Limits(100, 10_000),
                Scope.ALL, expiresAt);
    }

    @Test
    void aKeyIsReadOncePerTtl() {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ZERO, clock);
        var db = database(key("k1", "a1", null));

        cache.lookup("hash-k1", db);
        clock.advance(TTL.minusMillis(1));
        assertEquals("k1", cache.lookup("hash-k1", db).orElseThrow().keyId());
        assertEquals(1, loads.get("hash-k1"));

        clock.advance(Duration.ofMillis(1));
        cache.lookup("hash-k1", db);
        assertEquals(2, loads.get("hash-k1"), "a copy as old as the TTL is read again");
    }

    @Test
    void concurrentLookupsOfAnExpiredKeyShareOneRead() throws Exception {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ZERO, clock);
        AuthenticatedKey k1 = key("k1", "a1", null);
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        Function<String, Optional<AuthenticatedKey>> slowDatabase = hash -> {
            reads.incrementAndGet();
            readStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(k1);
        };
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<AuthenticatedKey>>> answers = new ArrayList<>();
            answers.add(requests.submit(() -> cache.lookup("hash-k1", slowDatabase)));
            assertTrue(readStarted.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 7; i++) {
                answers.add(requests.submit(() -> cache.lookup("hash-k1", slowDatabase)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Optional<AuthenticatedKey>> answer : answers) {
                assertEquals("k1", answer.get(5, TimeUnit.SECONDS).orElseThrow().keyId());
            }
        } finally {
            requests.shutdownNow();
        }
        assertEquals(1, reads.get(), "the requests waiting for the same key share one read");
    }

    @Test
    void unknownKeysAreNeverKeptSoTheyCannotFillTheCache() {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ZERO, clock);
        var db = database();
        for (int i = 0; i < 100; i++) {
            assertTrue(cache.lookup("unknown-" + i, db).isEmpty());
        }
        cache.lookup("unknown-0", db);
        assertEquals(2, loads.get("unknown-0"));
        assertEquals(0, cache.size());
    }

    @Test
    void anUnusableHashIsReadOncePerUnknownTtlAndTheirNumberIsBounded() {
        Duration unknownTtl = Duration.ofSeconds(30);
        KeyCache cache = new KeyCache(TTL, 2, unknownTtl, clock);
        var db = database();
        for (int i = 0; i < 50; i++) {
            assertTrue(cache.lookup("bad", db).isEmpty());
        }
        assertEquals(1, loads.get("bad"), "a flood of one bad key reads once");
        assertTrue(cache.knownUnusable("bad"));

        cache.lookup("bad-2", db);
        cache.lookup("bad-3", db); // the remembered hashes are full: read again each time
        cache.lookup("bad-3", db);
        assertEquals(2, loads.get("bad-3"));

        clock.advance(unknownTtl);
        assertFalse(cache.knownUnusable("bad"));
        cache.lookup("bad", db);
        assertEquals(2, loads.get("bad"), "read again once the period is over");
    }

    @Test
    void theSizeIsBoundedAndAFullCacheStillAnswers() {
        KeyCache cache = new KeyCache(TTL, 2, Duration.ZERO, clock);
        var db = database(key("k1", "a", null), key("k2", "a", null), key("k3", "a", null));
        cache.lookup("hash-k1", db);
        cache.lookup("hash-k2", db);

        assertEquals("k3", cache.lookup("hash-k3", db).orElseThrow().keyId());
        assertEquals(2, cache.size());

        clock.advance(TTL);
        cache.lookup("hash-k3", db);
        assertEquals(1, cache.size(), "stale entries make room");
    }

    @Test
    void evictionByKeyAndByAccountTakesEffectAtOnce() {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ZERO, clock);
        var db = database(key("k1", "a1", null), key("k2", "a2", null), key("k3", "a2", null));
        cache.lookup("hash-k1", db);
        cache.lookup("hash-k2", db);
        cache.lookup("hash-k3", db);

        cache.evictKey("k1");
        assertEquals(2, cache.size());
        cache.evictAccount("a2");
        assertEquals(0, cache.size());
    }

    @Test
    void aKeyThatExpiresWhileCachedIsReadAgain() {
        KeyCache cache = new KeyCache(Duration.ofHours(1), 10, Duration.ZERO, clock);
        var db = database(key("k1", "a1", clock.instant().plusSeconds(1)));
        cache.lookup("hash-k1", db);
        cache.lookup("hash-k1", db);
        assertEquals(1, loads.get("hash-k1"), "used from the cache until it expires");

        clock.advance(Duration.ofSeconds(1));
        cache.lookup("hash-k1", db);
        assertEquals(2, loads.get("hash-k1"), "the expiry is checked on every cached use");
    }

    @Test
    void aClockSteppedBackDoesNotLengthenHowLongACopyIsTrusted() {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ofSeconds(30), clock);
        var db = database(key("k1", "a1", null));
        cache.lookup("hash-k1", db);
        cache.lookup("unknown", db);

        clock.advance(Duration.ofMinutes(-5));
        cache.lookup("hash-k1", db);
        cache.lookup("unknown", db);
        assertEquals(2, loads.get("hash-k1"), "a copy read 'in the future' is read again");
        assertEquals(2, loads.get("unknown"));
    }

    @Test
    void aLookupRacingAnEvictionDoesNotStoreWhatItRead() {
        KeyCache cache = new KeyCache(TTL, 10, Duration.ZERO, clock);
        AuthenticatedKey k1 = key("k1", "a1", null);
        cache.lookup("hash-k1", hash -> {
            cache.evictKey("k1"); // revoked on this replica while the row was being read
            return Optional.of(k1);
        });
        assertEquals(0, cache.size());
    }
}
