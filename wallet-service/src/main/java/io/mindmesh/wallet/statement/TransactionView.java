package io.mindmesh.wallet.statement;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.ledger.LedgerTransaction;
import io.mindmesh.wallet.ledger.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of {@code GET /v1/wallet/transactions}: a top-up carries its {@code reference}, the
 * other types their {@code holdId}; the balances are the wallet's right after the transaction.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionView(String id, TransactionType type, BigDecimal amount, String holdId, String reference,
        BigDecimal balanceAfter, BigDecimal availableAfter, Instant createdAt) {

    public static TransactionView of(LedgerTransaction txn) {
        return new TransactionView(txn.id, txn.type, Money.display(txn.amount), txn.holdId, txn.reference,
                Money.display(txn.balanceAfter), Money.display(txn.availableAfter), txn.createdAt);
    }
}
