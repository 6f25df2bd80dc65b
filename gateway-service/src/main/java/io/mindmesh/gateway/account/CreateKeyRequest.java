package io.mindmesh.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An operator's key for an account.
 *
 * @param environment {@code live} for {@code mk_live_} keys, {@code test} for sandbox {@code mk_test_} keys
 * @param scopes      what the key may do (see {@code auth.Scope}); by default every scope
 */
public record CreateKeyRequest(
        @NotBlank(message = "Key name is required") @Size(max = 200, message = "Key name must be at most 200 characters") String name,
        @NotNull(message = "Environment is required")
        @Pattern(regexp = "live|test", message = "Environment must be live or test") String environment,
        List<String> scopes) {
}
