package io.mindmesh.gateway.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "accounts")
public class Account {

    @Id
    public String id;

    public String name;

    public String tier;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Per-account override of the tier's limits; how enterprise accounts get theirs. */
    @Column(name = "rate_limit_per_minute")
    public Integer rateLimitPerMinute;

    @Column(name = "rate_limit_per_day")
    public Integer rateLimitPerDay;

    public boolean active() {
        return "active".equals(status);
    }
}
