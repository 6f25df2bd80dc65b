package io.mindmesh.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One movement of money: a balanced set of entries, with the wallet's balances right after it. */
@Entity
@Table(name = "ledger_transactions")
@Immutable
public class LedgerTransaction {

    @Id
    @Column(name = "id")
    public String id;

    /** Insertion order, assigned by the database. */
    @Column(name = "seq", insertable = false, updatable = false)
    public Long seq;

    @Column(name = "account_id")
    public String accountId;

    @Enumerated(EnumType.STRING)
    @Column(name = "type")
    public TransactionType type;

    @Column(name = "amount", precision = 20, scale = 6)
    public BigDecimal amount;

    @Column(name = "hold_id")
    public String holdId;

    @Column(name = "reference")
    public String reference;

    /** Top-ups only: the operator who made the credit (null for top-ups older than this column). */
    @Column(name = "credited_by")
    public String creditedBy;

    @Column(name = "balance_after", precision = 20, scale = 6)
    public BigDecimal balanceAfter;

    @Column(name = "available_after", precision = 20, scale = 6)
    public BigDecimal availableAfter;

    @Column(name = "created_at")
    public Instant createdAt;

    public static LedgerTransaction of(String accountId, TransactionType type, BigDecimal amount, String holdId,
            String reference, Balances after) {
        LedgerTransaction txn = new LedgerTransaction();
        txn.id = "txn_" + UUID.randomUUID().toString().replace("-", "");
        txn.accountId = accountId;
        txn.type = type;
        txn.amount = amount;
        txn.holdId = holdId;
        txn.reference = reference;
        txn.balanceAfter = after.total();
        txn.availableAfter = after.available();
        // PostgreSQL keeps microseconds; truncating here keeps the entity equal to its row.
        txn.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return txn;
    }
}
