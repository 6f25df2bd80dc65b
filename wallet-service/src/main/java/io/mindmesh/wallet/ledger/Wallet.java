package io.mindmesh.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One account's wallet. Its row is the lock that serializes every movement of the wallet. */
@Entity
@Table(name = "wallets")
public class Wallet {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "currency")
    public String currency;

    @Column(name = "created_at")
    public Instant createdAt;
}
