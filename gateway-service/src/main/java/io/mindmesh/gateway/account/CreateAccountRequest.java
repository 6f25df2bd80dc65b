package io.mindmesh.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateAccountRequest(
        @NotBlank(message = "Account name is required") @Size(max = 200, message = "Account name must be at most 200 characters") String name,
        @NotNull(message = "Tier is required")
        @Pattern(regexp = "developer|business|enterprise", message = "Tier must be one of developer, business, enterprise")
        String tier) {
}
