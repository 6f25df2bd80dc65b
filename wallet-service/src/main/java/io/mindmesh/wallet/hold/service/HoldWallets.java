package io.mindmesh.wallet.hold.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which wallet each hold belongs to, for holds placed (or replayed) on this instance, so that its
 * capture or release queues on that wallet without reading the database. A hold never changes
 * wallet, so an entry is never stale; it is dropped once the hold is settled here. Holds settled
 * elsewhere (another instance) would stay, so the map is bounded: when full, new holds are not
 * remembered and their settlement costs one indexed read instead.
 */
final class HoldWallets {

    private final Map<String, String> walletByHold = new ConcurrentHashMap<>();
    private final int capacity;

    HoldWallets(int capacity) {
        this.capacity = capacity;
    }

    void remember(String holdId, String accountId) {
        if (walletByHold.size() < capacity) {
            walletByHold.put(holdId, accountId);
        }
    }

    void forget(String holdId) {
        walletByHold.remove(holdId);
    }

    /** The hold's wallet: remembered, else looked up (empty for an unknown hold). */
    Optional<String> walletOf(String holdId, Function<String, Optional<String>> lookup) {
        String known = walletByHold.get(holdId);
        return known != null ? Optional.of(known) : lookup.apply(holdId);
    }
}
