package io.mindmesh.wallet.topup;

import io.mindmesh.wallet.ledger.UsdAmount;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** {@code POST /internal/v1/wallets/{accountId}/top-ups}; {@code reference} is the idempotency key. */
public record TopUpRequest(
        @UsdAmount BigDecimal amount,
        @NotBlank(message = "Reference is required.") @Size(max = 128, message = "Reference must be at most 128 characters long.") String reference) {
}
