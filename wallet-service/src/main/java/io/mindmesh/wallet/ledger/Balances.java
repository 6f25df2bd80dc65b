package io.mindmesh.wallet.ledger;

import io.mindmesh.common.money.Money;
import java.math.BigDecimal;

/** A wallet's two running balances; its balance is their sum. */
public record Balances(BigDecimal available, BigDecimal held) {

    public static final Balances EMPTY = new Balances(Money.ZERO, Money.ZERO);

    /** Reads the running balances of a wallet's ledger accounts; platform accounts are skipped. */
    public static Balances of(Iterable<LedgerAccount> accounts) {
        Balances balances = EMPTY;
        for (LedgerAccount account : accounts) {
            if (account.kind == AccountKind.AVAILABLE) {
                balances = new Balances(account.balance, balances.held());
            } else if (account.kind == AccountKind.HELD) {
                balances = new Balances(balances.available(), account.balance);
            }
        }
        return balances;
    }

    public BigDecimal total() {
        return available.add(held);
    }

    public boolean covers(BigDecimal amount) {
        return available.compareTo(amount) >= 0;
    }

    /** The balances once {@code amount} has moved as {@code type} says; platform accounts are not part of a wallet. */
    public Balances after(TransactionType type, BigDecimal amount) {
        return new Balances(available.add(change(AccountKind.AVAILABLE, type, amount)),
                held.add(change(AccountKind.HELD, type, amount)));
    }

    private static BigDecimal change(AccountKind kind, TransactionType type, BigDecimal amount) {
        if (type.source() == kind) {
            return amount.negate();
        }
        return type.destination() == kind ? amount : BigDecimal.ZERO;
    }
}
