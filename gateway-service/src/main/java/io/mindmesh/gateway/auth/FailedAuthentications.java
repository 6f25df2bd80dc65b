package io.mindmesh.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed API-key authentications per client address, in fixed one-minute windows kept in this
 * replica's memory: guessing keys costs an attacker its budget of failures, and each replica
 * bounds what it lets through without a Redis round trip on the failure path. Only failures
 * count and only failures are refused, so a valid key from a busy shared address keeps working.
 *
 * <p>The map holds at most {@code maxClients} addresses; when it is full of current windows, new
 * addresses share one window, so that many addresses cannot grow memory, only share a budget.
 */
@ApplicationScoped
public class FailedAuthentications {

    static final String OVERFLOW = "*";
    private static final long MINUTE_MILLIS = 60_000;

    private final int perMinute;
    private final int maxClients;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    FailedAuthentications(AuthFailureConfig config, Clock clock) {
        this.perMinute = config.perMinute();
        this.maxClients = config.maxClients();
        this.clock = clock;
    }

    /**
     * Counts one failure of {@code client}: empty while it is within its budget, else the seconds
     * until its window ends.
     */
    public OptionalLong fail(String client) {
        long now = clock.millis();
        long minute = now / MINUTE_MILLIS;
        Window window = windows.compute(slot(client, minute),
                (address, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old);
        if (window.failures().incrementAndGet() <= perMinute) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, ((minute + 1) * MINUTE_MILLIS - now + 999) / 1000));
    }

    private String slot(String client, long minute) {
        if (windows.containsKey(client) || windows.size() < maxClients) {
            return client;
        }
        windows.values().removeIf(w -> w.minute() != minute);
        return windows.size() < maxClients ? client : OVERFLOW;
    }

    int size() {
        return windows.size();
    }

    private record Window(long minute, AtomicInteger failures) {
    }
}
