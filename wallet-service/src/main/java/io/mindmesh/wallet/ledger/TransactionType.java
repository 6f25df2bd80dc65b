package io.mindmesh.wallet.ledger;

/** Every ledger transaction moves its amount from one ledger account to another. */
public enum TransactionType {
    TOP_UP(AccountKind.FUNDING, AccountKind.AVAILABLE),
    HOLD(AccountKind.AVAILABLE, AccountKind.HELD),
    CAPTURE(AccountKind.HELD, AccountKind.REVENUE),
    RELEASE(AccountKind.HELD, AccountKind.AVAILABLE);

    private final AccountKind source;
    private final AccountKind destination;

    TransactionType(AccountKind source, AccountKind destination) {
        this.source = source;
        this.destination = destination;
    }

    public AccountKind source() {
        return source;
    }

    public AccountKind destination() {
        return destination;
    }
}
