package io.mindmesh.wallet.ledger.service;

import io.mindmesh.wallet.ledger.Balances;
import io.mindmesh.wallet.ledger.LedgerEntry;
import io.mindmesh.wallet.ledger.LedgerTransaction;
import io.mindmesh.wallet.ledger.TransactionType;
import io.mindmesh.wallet.ledger.repository.LedgerAccountRepository;
import io.mindmesh.wallet.ledger.repository.LedgerEntryRepository;
import io.mindmesh.wallet.ledger.repository.LedgerTransactionRepository;
import io.mindmesh.wallet.ledger.repository.WalletRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Writes the double-entry ledger. Callers lock the wallet first, then post; the database checks
 * that each transaction balances and that no wallet account goes below zero.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Ledger {

    private final WalletRepository wallets;
    private final LedgerAccountRepository accounts;
    private final LedgerTransactionRepository transactions;
    private final LedgerEntryRepository entries;

    public Ledger(WalletRepository wallets, LedgerAccountRepository accounts,
            LedgerTransactionRepository transactions, LedgerEntryRepository entries) {
        this.wallets = wallets;
        this.accounts = accounts;
        this.transactions = transactions;
        this.entries = entries;
    }

    /** Opens the wallet, and through the database its ledger accounts, unless it exists. */
    public void open(String accountId) {
        wallets.openIfMissing(accountId);
    }

    /** Locks the wallet for the rest of the transaction; empty when the account has no wallet. */
    public Optional<LockedWallet> lock(String accountId) {
        return wallets.lock(accountId)
                .map(wallet -> new LockedWallet(accountId, accounts.forWalletAndPlatform(accountId)));
    }

    /** Moves {@code amount} as {@code type} says: one transaction, two entries that sum to zero. */
    public LedgerTransaction post(LockedWallet wallet, TransactionType type, BigDecimal amount, String holdId,
            String reference) {
        Balances after = wallet.balances().after(type, amount);
        LedgerTransaction txn = LedgerTransaction.of(wallet.accountId(), type, amount, holdId, reference, after);
        transactions.persist(txn);
        entries.persist(LedgerEntry.of(txn.id, wallet.ledgerAccountId(type.source()), amount.negate()));
        entries.persist(LedgerEntry.of(txn.id, wallet.ledgerAccountId(type.destination()), amount));
        // Flushed here so that a refusal by the database surfaces from this call, not from the commit.
        entries.flush();
        wallet.moved(after);
        return txn;
    }
}
