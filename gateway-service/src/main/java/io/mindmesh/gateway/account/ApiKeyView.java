package io.mindmesh.gateway.account;

import io.mindmesh.gateway.auth.Scope;
import java.time.Instant;
import java.util.List;

/** A key as listed: never the key itself, only its display prefix. */
public record ApiKeyView(String id, String name, String prefix, String environment, List<String> scopes,
        Instant createdAt, Instant lastUsedAt, Instant expiresAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id, key.name, key.displayPrefix, key.environment, Scope.names(key.scopes()),
                key.createdAt, key.lastUsedAt, key.expiresAt);
    }
}
