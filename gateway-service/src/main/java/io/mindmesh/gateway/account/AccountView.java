package io.mindmesh.gateway.account;

import java.time.Instant;

public record AccountView(String id, String name, String tier, String status, Instant createdAt) {

    static AccountView of(Account account) {
        return new AccountView(account.id, account.name, account.tier, account.status, account.createdAt);
    }
}
