package io.mindmesh.gateway.account;

import java.time.Instant;

/** A key as listed: never the key itself, only its display prefix. */
public record ApiKeyView(String id, String name, String prefix, String environment, Instant createdAt,
        Instant lastUsedAt, Instant expiresAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id, key.name, key.displayPrefix, key.environment, key.createdAt, key.lastUsedAt,
                key.expiresAt);
    }
}
