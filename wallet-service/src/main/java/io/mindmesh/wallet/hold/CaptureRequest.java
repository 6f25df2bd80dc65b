package io.mindmesh.wallet.hold;

import io.mindmesh.wallet.ledger.UsdAmount;
import java.math.BigDecimal;

/** {@code POST /internal/v1/holds/{holdId}/capture}: the execution's actual cost. */
public record CaptureRequest(@UsdAmount BigDecimal amount) {
}
