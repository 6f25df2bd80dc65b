package io.mindmesh.gateway.account;

import java.time.Instant;

/** The only response that ever carries the full key. */
public record CreatedKey(String id, String key, String prefix, String name, String environment, Instant createdAt) {
}
