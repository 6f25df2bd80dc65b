package io.mindmesh.gateway.account;

import java.time.Instant;
import java.util.List;

/** The only response that ever carries the full key. */
public record CreatedKey(String id, String key, String prefix, String name, String environment, List<String> scopes,
        Instant createdAt) {
}
