package io.mindmesh.wallet.hold;

import java.math.BigDecimal;

/** The {@code Hold} of docs/internal-api.md. */
public record HoldView(String holdId, String accountId, BigDecimal amount, BigDecimal captured,
        BigDecimal released, HoldStatus status) {
}
