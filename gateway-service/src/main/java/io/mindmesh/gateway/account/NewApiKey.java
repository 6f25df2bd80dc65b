package io.mindmesh.gateway.account;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A key created by its own account through {@code POST /v1/api-keys}.
 *
 * @param environment {@code live} or {@code test}; by default the environment of the calling key
 * @param scopes      what the new key may do (see {@code auth.Scope}); by default every scope. Never
 *                    more than the calling key holds.
 */
public record NewApiKey(
        @NotBlank(message = "Key name is required") @Size(max = 200, message = "Key name must be at most 200 characters") String name,
        @Pattern(regexp = "live|test", message = "Environment must be live or test") String environment,
        @Future(message = "expiresAt must be in the future") Instant expiresAt,
        List<String> scopes) {
}
