package io.mindmesh.wallet.ledger.service;

import io.mindmesh.wallet.ledger.Balances;
import io.mindmesh.wallet.ledger.LedgerTransaction;
import io.mindmesh.wallet.ledger.TransactionType;
import io.mindmesh.wallet.ledger.repository.LedgerAccountRepository;
import io.mindmesh.wallet.ledger.repository.LedgerTransactionRepository;
import io.mindmesh.wallet.ledger.repository.WalletRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Writes the double-entry ledger for top-ups (holds and settlements are batched by
 * {@code HoldLedger}). Callers lock the wallet first, then post; the database checks that each
 * transaction balances and that no wallet account goes below zero.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Ledger {

    private final WalletRepository wallets;
    private final LedgerAccountRepository accounts;
    private final LedgerTransactionRepository transactions;

    public Ledger(WalletRepository wallets, LedgerAccountRepository accounts,
            LedgerTransactionRepository transactions) {
        this.wallets = wallets;
        this.accounts = accounts;
        this.transactions = transactions;
    }

    /** Opens the wallet, and through the database its ledger accounts, unless it exists. */
    public void open(String accountId) {
        wallets.openIfMissing(accountId);
    }

    /**
     * Locks the wallet and its ledger accounts for the rest of the transaction; empty when the
     * account has no wallet.
     */
    public Optional<LockedWallet> lock(String accountId) {
        return wallets.lock(accountId)
                .map(wallet -> new LockedWallet(accountId, accounts.lockForWalletAndPlatform(accountId)));
    }

    /**
     * Moves {@code amount} as {@code type} says: one transaction and its two entries, which sum to
     * zero, in one statement (the database checks the balance at the end of each statement).
     * {@code creditedBy} (top-ups only, else null) is who made the credit; the ledger is append-only,
     * so it is written with the transaction.
     */
    public LedgerTransaction post(LockedWallet wallet, TransactionType type, BigDecimal amount, String holdId,
            String reference, String creditedBy) {
        Balances after = wallet.balances().after(type, amount);
        LedgerTransaction txn = LedgerTransaction.of(wallet.accountId(), type, amount, holdId, reference, after);
        txn.creditedBy = creditedBy;
        transactions.getEntityManager().createNativeQuery("""
                with txn as (
                    insert into ledger_transactions (id, account_id, type, amount, hold_id, reference,
                                                     balance_after, available_after, created_at, credited_by)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?12)
                    returning id)
                insert into ledger_entries (transaction_id, ledger_account_id, amount)
                select txn.id, e.account, e.amount
                from txn cross join (values (?10, -?4), (?11, ?4)) as e(account, amount)""")
                .setParameter(1, txn.id).setParameter(2, txn.accountId).setParameter(3, type.name())
                .setParameter(4, amount).setParameter(5, holdId).setParameter(6, reference)
                .setParameter(7, txn.balanceAfter).setParameter(8, txn.availableAfter)
                .setParameter(9, txn.createdAt)
                .setParameter(10, wallet.ledgerAccountId(type.source()))
                .setParameter(11, wallet.ledgerAccountId(type.destination()))
                .setParameter(12, creditedBy)
                .executeUpdate();
        wallet.moved(after);
        return txn;
    }
}
