package io.mindmesh.wallet.hold;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The public API's 402 body, field for field (docs/public-api.md#orchestrate-errors). */
public final class InsufficientBalance {

    private InsufficientBalance() {
    }

    public static ApiException error(BigDecimal required, BigDecimal available, String topUpUrl) {
        BigDecimal requiredBalance = Money.display(required);
        BigDecimal currentBalance = Money.display(available);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("requiredBalance", requiredBalance);
        extra.put("currentBalance", currentBalance);
        extra.put("topUpUrl", topUpUrl);
        return new ApiException(402, ErrorCode.INSUFFICIENT_BALANCE,
                "Insufficient wallet balance. Required: $" + requiredBalance.toPlainString()
                        + ", Available: $" + currentBalance.toPlainString(),
                extra);
    }
}
