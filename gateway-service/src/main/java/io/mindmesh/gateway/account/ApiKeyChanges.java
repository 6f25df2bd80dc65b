package io.mindmesh.gateway.account;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * {@code PATCH /v1/api-keys/{id}}: what is given changes, what is absent stays.
 *
 * @param scopes the key's new scopes, replacing the old ones; never more than the calling key holds
 */
public record ApiKeyChanges(
        @Size(min = 1, max = 200, message = "Key name must be 1 to 200 characters") String name,
        @Future(message = "expiresAt must be in the future") Instant expiresAt,
        List<String> scopes) {
}
