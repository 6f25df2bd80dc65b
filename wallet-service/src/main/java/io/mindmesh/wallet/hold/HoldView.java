package io.mindmesh.wallet.hold;

import io.mindmesh.common.money.Money;
import java.math.BigDecimal;

/** The {@code Hold} of docs/internal-api.md. */
public record HoldView(String holdId, String accountId, BigDecimal amount, BigDecimal captured,
        BigDecimal released, HoldStatus status) {

    public static HoldView of(Hold hold) {
        return new HoldView(hold.holdId, hold.accountId, Money.display(hold.amount), Money.display(hold.captured),
                Money.display(hold.released), hold.status);
    }
}
