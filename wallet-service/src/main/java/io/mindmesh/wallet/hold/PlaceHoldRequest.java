package io.mindmesh.wallet.hold;

import io.mindmesh.wallet.ledger.UsdAmount;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** {@code POST /internal/v1/holds}; the orchestrator uses the execution id as {@code holdId}. */
public record PlaceHoldRequest(
        @NotBlank(message = "Hold id is required.") @Size(max = 128, message = "Hold id must be at most 128 characters long.") String holdId,
        @NotBlank(message = "Account id is required.") @Size(max = 64, message = "Account id must be at most 64 characters long.") String accountId,
        @UsdAmount BigDecimal amount) {
}
