package io.mindmesh.wallet.topup;

import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.ledger.LedgerTransaction;
import java.math.BigDecimal;

/** The top-up's ledger transaction, who made it and the wallet's balance right after it. */
public record TopUpReceipt(String transactionId, String accountId, BigDecimal amount, BigDecimal balance,
        String creditedBy) {

    public static TopUpReceipt of(LedgerTransaction txn) {
        return new TopUpReceipt(txn.id, txn.accountId, Money.display(txn.amount), Money.display(txn.balanceAfter),
                txn.creditedBy);
    }
}
