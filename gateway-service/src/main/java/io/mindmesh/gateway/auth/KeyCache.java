package io.mindmesh.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Valid API keys by the SHA-256 of the presented key, so that a busy key is read from PostgreSQL
 * once per {@code ttl} instead of on every request.
 *
 * <p>Revocation must reach every replica within a second. A short TTL does that with nothing
 * else to trust: a replica that did not see a revocation stops using its copy when the TTL ends.
 * The replica that revokes, suspends or changes a key evicts it at once.
 *
 * <p>Hashes that resolved to no usable key (unknown, revoked, expired) are remembered apart for
 * {@code unknownTtl}, so that a flood of one bad key reads PostgreSQL once per period. That is safe
 * for any period: a new key is random, so its hash was never presented before it existed, and a
 * revoked or expired key never becomes usable again. Both maps hold at most {@code maxSize}
 * entries whatever the load: when one is full, further hashes are simply not remembered.
 *
 * <p>Ages are read from the injected {@link Clock}. A copy whose age is negative (the wall clock
 * stepped back since it was read) counts as expired, so a clock correction can only shorten how
 * long a copy is trusted, never lengthen it.
 */
@ApplicationScoped
public class KeyCache {

    private final long ttlMillis;
    private final int maxSize;
    private final Clock clock;
    private final long unknownTtlMillis;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Hashes of no usable key, with when their read started. */
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();
    /** Bumped by every eviction, so that a lookup that raced with one does not store what it read. */
    private final AtomicLong evictions = new AtomicLong();
    /** Reads under way by hash: when a busy key's copy expires, one request reads it and the others wait for that read. */
    private final Map<String, CompletableFuture<Optional<AuthenticatedKey>>> reads = new ConcurrentHashMap<>();

    @Inject
    KeyCache(KeyCacheConfig config, Clock clock) {
        this(config.ttl(), config.maxSize(), config.unknownTtl(), clock);
    }

    KeyCache(Duration ttl, int maxSize, Duration unknownTtl, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.unknownTtlMillis = unknownTtl.toMillis();
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /**
     * The key with this hash: from the cache while fresh and not expired, otherwise from
     * {@code load}, whose answer is kept when it is a valid key. Concurrent lookups of one hash
     * share a single {@code load}.
     */
    public Optional<AuthenticatedKey> lookup(String keyHash, Function<String, Optional<AuthenticatedKey>> load) {
        Optional<AuthenticatedKey> fresh = fresh(keyHash);
        if (fresh.isPresent() || knownUnusable(keyHash)) {
            return fresh;
        }
        long now = clock.millis();
        CompletableFuture<Optional<AuthenticatedKey>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<AuthenticatedKey>> running = reads.putIfAbsent(keyHash, mine);
        if (running != null) {
            return awaitRead(running);
        }
        try {
            long generation = evictions.get();
            Optional<AuthenticatedKey> loaded = load.apply(keyHash);
            // The entry ages from before the read: a revocation committed during it is seen within the TTL.
            loaded.ifPresentOrElse(key -> store(keyHash, new Entry(key, now), generation),
                    () -> rememberUnusable(keyHash, now));
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            reads.remove(keyHash, mine);
        }
    }

    /**
     * The key with this hash while its copy is fresh and the key not expired; never reads, so it
     * may run on an event loop. A stale copy is dropped.
     */
    public Optional<AuthenticatedKey> fresh(String keyHash) {
        Entry cached = entries.get(keyHash);
        if (cached == null) {
            return Optional.empty();
        }
        if (younger(cached.loadedAt(), ttlMillis, clock.millis()) && cached.key().usableAt(clock.instant())) {
            return Optional.of(cached.key());
        }
        entries.remove(keyHash, cached);
        return Optional.empty();
    }

    /** Whether this hash recently resolved to no usable key; never reads. */
    public boolean knownUnusable(String keyHash) {
        Long readAt = unknown.get(keyHash);
        if (readAt == null) {
            return false;
        }
        if (younger(readAt, unknownTtlMillis, clock.millis())) {
            return true;
        }
        unknown.remove(keyHash, readAt);
        return false;
    }

    private void rememberUnusable(String keyHash, long readAt) {
        if (unknown.size() >= maxSize) {
            long now = clock.millis();
            unknown.values().removeIf(at -> !younger(at, unknownTtlMillis, now));
            if (unknown.size() >= maxSize) {
                return;
            }
        }
        unknown.put(keyHash, readAt);
    }

    /** Another request's read of the same key; its failure is this request's failure too. */
    private static Optional<AuthenticatedKey> awaitRead(CompletableFuture<Optional<AuthenticatedKey>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    public void evictKey(String keyId) {
        evict(entry -> entry.key().keyId().equals(keyId));
    }

    public void evictAccount(String accountId) {
        evict(entry -> entry.key().accountId().equals(accountId));
    }

    int size() {
        return entries.size();
    }

    private void store(String keyHash, Entry entry, long generation) {
        if (entries.size() >= maxSize) {
            long now = clock.millis();
            entries.values().removeIf(e -> !younger(e.loadedAt(), ttlMillis, now));
            if (entries.size() >= maxSize) {
                return;
            }
        }
        entries.put(keyHash, entry);
        if (evictions.get() != generation) {
            entries.remove(keyHash, entry);
        }
    }

    /** Whether something read at {@code readAt} is still within {@code ttl} at {@code now}; never when read "later". */
    private static boolean younger(long readAt, long ttl, long now) {
        long age = now - readAt;
        return age >= 0 && age < ttl;
    }

    private void evict(Predicate<Entry> which) {
        evictions.incrementAndGet();
        entries.values().removeIf(which);
    }

    private record Entry(AuthenticatedKey key, long loadedAt) {
    }
}
