package io.mindmesh.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import org.hibernate.annotations.Immutable;

/**
 * A ledger account. Read-only here: the database opens them (with their wallet) and moves their
 * running balance when an entry is inserted.
 */
@Entity
@Table(name = "ledger_accounts")
@Immutable
public class LedgerAccount {

    @Id
    @Column(name = "id")
    public Long id;

    /** The owning wallet's account; null for the platform's accounts. */
    @Column(name = "account_id")
    public String accountId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind")
    public AccountKind kind;

    /** Running balance of a wallet account; null for platform accounts. */
    @Column(name = "balance", precision = 20, scale = 6)
    public BigDecimal balance;
}
