package io.mindmesh.wallet.ledger.service;

import io.mindmesh.wallet.ledger.AccountKind;
import io.mindmesh.wallet.ledger.Balances;
import io.mindmesh.wallet.ledger.LedgerAccount;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A wallet whose row this transaction has locked: its balances, read after the lock, stay exact
 * until the transaction ends because every movement of the wallet takes the same lock.
 */
public final class LockedWallet {

    private final String accountId;
    private final Map<AccountKind, Long> ledgerAccountIds = new EnumMap<>(AccountKind.class);
    private Balances balances;

    LockedWallet(String accountId, List<LedgerAccount> accounts) {
        this.accountId = accountId;
        accounts.forEach(account -> ledgerAccountIds.put(account.kind, account.id));
        this.balances = Balances.of(accounts);
    }

    public String accountId() {
        return accountId;
    }

    public Balances balances() {
        return balances;
    }

    Long ledgerAccountId(AccountKind kind) {
        return ledgerAccountIds.get(kind);
    }

    void moved(Balances after) {
        balances = after;
    }
}
