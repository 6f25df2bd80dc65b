package io.mindmesh.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * @param rateLimitPerMinute optional override of the tier's limit; how enterprise accounts get theirs
 * @param rateLimitPerDay    optional override of the tier's daily limit
 */
public record CreateAccountRequest(
        @NotBlank(message = "Account name is required") @Size(max = 200, message = "Account name must be at most 200 characters") String name,
        @NotNull(message = "Tier is required")
        @Pattern(regexp = "developer|business|enterprise", message = "Tier must be one of developer, business, enterprise")
        String tier,
        @Positive(message = "rateLimitPerMinute must be a positive number") Integer rateLimitPerMinute,
        @Positive(message = "rateLimitPerDay must be a positive number") Integer rateLimitPerDay) {
}
