package io.mindmesh.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import org.hibernate.annotations.Immutable;

/** One side of a ledger transaction: positive moves money into the ledger account, negative out of it. */
@Entity
@Table(name = "ledger_entries")
@Immutable
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "transaction_id")
    public String transactionId;

    @Column(name = "ledger_account_id")
    public Long ledgerAccountId;

    @Column(name = "amount", precision = 20, scale = 6)
    public BigDecimal amount;

    public static LedgerEntry of(String transactionId, Long ledgerAccountId, BigDecimal amount) {
        LedgerEntry entry = new LedgerEntry();
        entry.transactionId = transactionId;
        entry.ledgerAccountId = ledgerAccountId;
        entry.amount = amount;
        return entry;
    }
}
