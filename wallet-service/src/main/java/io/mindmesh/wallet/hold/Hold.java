package io.mindmesh.wallet.hold;

import io.mindmesh.common.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** Money reserved for one execution (the hold id is the execution id) until it is captured or released. */
@Entity
@Table(name = "holds")
public class Hold {

    @Id
    @Column(name = "hold_id")
    public String holdId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "amount", precision = 20, scale = 6)
    public BigDecimal amount;

    @Column(name = "captured", precision = 20, scale = 6)
    public BigDecimal captured;

    @Column(name = "released", precision = 20, scale = 6)
    public BigDecimal released;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public HoldStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "settled_at")
    public Instant settledAt;

    public static Hold place(String holdId, String accountId, BigDecimal amount) {
        Hold hold = new Hold();
        hold.holdId = holdId;
        hold.accountId = accountId;
        hold.amount = amount;
        hold.captured = Money.ZERO;
        hold.released = Money.ZERO;
        hold.status = HoldStatus.HELD;
        hold.createdAt = Instant.now();
        return hold;
    }

    public void settle(HoldStatus outcome, Settlement settlement) {
        status = outcome;
        captured = settlement.charged();
        released = settlement.released();
        settledAt = Instant.now();
    }
}
