package io.mindmesh.wallet.statement;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.money.Money;
import io.mindmesh.common.request.Caller;
import io.mindmesh.wallet.ledger.Balances;
import java.math.BigDecimal;

/** {@code GET /v1/wallet}: balance is available plus held. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WalletView(String accountId, BigDecimal balance, BigDecimal held, BigDecimal available,
        String currency, boolean sandbox, String message) {

    static final String SANDBOX_MESSAGE =
            "Sandbox keys (mk_test_) are never charged: requests made with them do not move this wallet's money.";

    public static WalletView of(Caller caller, Balances balances) {
        return new WalletView(caller.accountId(), Money.display(balances.total()), Money.display(balances.held()),
                Money.display(balances.available()), Money.CURRENCY, caller.sandbox(),
                caller.sandbox() ? SANDBOX_MESSAGE : null);
    }
}
