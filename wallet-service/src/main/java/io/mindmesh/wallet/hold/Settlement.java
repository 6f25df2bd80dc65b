package io.mindmesh.wallet.hold;

import io.mindmesh.common.money.Money;
import java.math.BigDecimal;

/**
 * How a hold ends: what is charged to the platform's revenue and what goes back to the wallet's
 * available funds. The two always add up to the amount held.
 */
public record Settlement(BigDecimal charged, BigDecimal released) {

    /**
     * Overrun rule: the charge never exceeds the hold. When the actual cost is above the hold, the
     * platform absorbs the difference and the caller (the execution) records what was charged.
     */
    public static Settlement capture(BigDecimal held, BigDecimal actualCost) {
        BigDecimal charged = Money.of(actualCost.min(held));
        return new Settlement(charged, Money.of(held.subtract(charged)));
    }

    public static Settlement release(BigDecimal held) {
        return new Settlement(Money.ZERO, Money.of(held));
    }

    public boolean releasesAnything() {
        return released.signum() > 0;
    }
}
