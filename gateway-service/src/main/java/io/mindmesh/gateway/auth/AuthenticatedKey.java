package io.mindmesh.gateway.auth;

import io.mindmesh.common.request.Caller;
import io.mindmesh.gateway.ratelimit.Limits;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The caller behind a valid API key, as forwarded to the services, with its request budget and
 * what it may do.
 *
 * @param accountName the account's name, which the app-load route shows as the organisation's
 * @param expiresAt when the key stops working, or null; checked again on every cached use
 */
public record AuthenticatedKey(String keyId, String accountId, String accountName, String tier, String environment, boolean accountActive,
        Limits limits, Set<Scope> scopes, Instant expiresAt) {

    public AuthenticatedKey {
        scopes = Set.copyOf(scopes);
    }

    /** How the services learn who is calling (see {@link Caller}). */
    public Map<String, String> identityHeaders() {
        return Map.of(Caller.ACCOUNT_HEADER, accountId, Caller.TIER_HEADER, tier, Caller.ENVIRONMENT_HEADER,
                environment);
    }

    public boolean usableAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    /** The scopes of {@code needed} that this key does not hold. */
    public Set<Scope> lacking(Collection<Scope> needed) {
        Set<Scope> lacking = EnumSet.noneOf(Scope.class);
        lacking.addAll(needed);
        lacking.removeAll(scopes);
        return lacking;
    }

    /** 403 naming the missing scopes, unless this key holds all of {@code needed}. */
    public void requireScopes(Set<Scope> needed, String message) {
        Set<Scope> lacking = lacking(needed);
        if (!lacking.isEmpty()) {
            throw Scope.missing(lacking, message);
        }
    }
}
