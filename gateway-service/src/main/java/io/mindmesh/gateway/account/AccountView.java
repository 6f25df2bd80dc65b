package io.mindmesh.gateway.account;

import java.time.Instant;

/** @param rateLimitPerMinute the account's own limit, or null when the tier's applies */
public record AccountView(String id, String name, String tier, String status, Integer rateLimitPerMinute,
        Integer rateLimitPerDay, Instant createdAt) {

    static AccountView of(Account account) {
        return new AccountView(account.id, account.name, account.tier, account.status, account.rateLimitPerMinute,
                account.rateLimitPerDay, account.createdAt);
    }
}
