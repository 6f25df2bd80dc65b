package io.mindmesh.wallet.ledger;

/** The ledger accounts: two per wallet, two for the platform. */
public enum AccountKind {
    /** The wallet's spendable money. */
    AVAILABLE,
    /** The wallet's money reserved by holds for running executions. */
    HELD,
    /** The platform's source of top-ups: its balance is minus everything ever topped up. */
    FUNDING,
    /** The platform's income from captures. */
    REVENUE;

    public boolean ofWallet() {
        return this == AVAILABLE || this == HELD;
    }
}
