package io.mindmesh.wallet.topup.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.Idempotent;
import io.mindmesh.wallet.ledger.LedgerTransaction;
import io.mindmesh.wallet.ledger.TransactionType;
import io.mindmesh.wallet.ledger.repository.LedgerTransactionRepository;
import io.mindmesh.wallet.ledger.service.Ledger;
import io.mindmesh.wallet.ledger.service.LockedWallet;
import io.mindmesh.wallet.topup.TopUpReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** Money entering a wallet from the platform's funding account, once per reference. */
@ApplicationScoped
public class TopUpService {

    private final Ledger ledger;
    private final LedgerTransactionRepository transactions;

    public TopUpService(Ledger ledger, LedgerTransactionRepository transactions) {
        this.ledger = ledger;
        this.transactions = transactions;
    }

    /**
     * Credits the wallet (opening it when missing) and records {@code operator} as who made it. The
     * same reference again, for the same account and amount, returns the first receipt and moves
     * nothing; for another account or another amount it is a 409 (a reused reference is a mistake,
     * not a retry).
     */
    @Transactional
    public Idempotent<TopUpReceipt> topUp(String accountId, BigDecimal amount, String reference, String operator) {
        Optional<LedgerTransaction> earlier = transactions.findTopUp(reference);
        if (earlier.isPresent()) {
            return replay(earlier.get(), accountId, amount);
        }
        ledger.open(accountId);
        LockedWallet wallet = ledger.lock(accountId).orElseThrow();
        // A retry with the same reference may have committed while this call waited for the lock.
        earlier = transactions.findTopUp(reference);
        if (earlier.isPresent()) {
            return replay(earlier.get(), accountId, amount);
        }
        LedgerTransaction txn = ledger.post(wallet, TransactionType.TOP_UP, Money.of(amount), null, reference,
                operator);
        return Idempotent.applied(TopUpReceipt.of(txn));
    }

    private static Idempotent<TopUpReceipt> replay(LedgerTransaction earlier, String accountId, BigDecimal amount) {
        if (!earlier.accountId.equals(accountId)) {
            throw new ApiException(409, ErrorCode.CONFLICT,
                    "Top-up reference " + earlier.reference + " was already used for another account.");
        }
        if (earlier.amount.compareTo(Money.of(amount)) != 0) {
            throw new ApiException(409, ErrorCode.CONFLICT, "Top-up reference " + earlier.reference
                    + " was already used with amount " + Money.display(earlier.amount) + ".",
                    Map.of("field", "amount"));
        }
        return Idempotent.replayed(TopUpReceipt.of(earlier));
    }
}
