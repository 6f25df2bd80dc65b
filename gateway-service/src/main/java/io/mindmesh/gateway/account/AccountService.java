package io.mindmesh.gateway.account;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.ratelimit.Limits;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final RateLimitConfig rateLimits;

    AccountService(AccountRepository accounts, ApiKeyRepository keys, RateLimitConfig rateLimits) {
        this.accounts = accounts;
        this.keys = keys;
        this.rateLimits = rateLimits;
    }

    @Transactional
    public AccountView create(CreateAccountRequest request) {
        Account account = new Account();
        account.id = KeyMaterial.randomId("acc_", 16);
        account.name = request.name();
        account.tier = request.tier();
        account.status = "active";
        account.rateLimitPerMinute = request.rateLimitPerMinute();
        account.rateLimitPerDay = request.rateLimitPerDay();
        account.createdAt = Instant.now();
        accounts.persist(account);
        return AccountView.of(account);
    }

    @Transactional
    public AccountView get(String accountId) {
        return AccountView.of(find(accountId));
    }

    @Transactional
    public AccountView suspend(String accountId) {
        Account account = find(accountId);
        account.status = "suspended";
        return AccountView.of(account);
    }

    @Transactional
    public CreatedKey createKey(String accountId, CreateKeyRequest request) {
        Account account = find(accountId);
        String secret = KeyMaterial.newKey(request.environment());
        ApiKey key = new ApiKey();
        key.id = KeyMaterial.randomId("key_", 16);
        key.account = account;
        key.name = request.name();
        key.environment = request.environment();
        key.displayPrefix = KeyMaterial.displayPrefix(secret);
        key.keyHash = KeyMaterial.hash(secret);
        key.createdAt = Instant.now();
        keys.persist(key);
        return new CreatedKey(key.id, secret, key.displayPrefix, key.name, key.environment, key.createdAt);
    }

    /**
     * Resolves a presented key to its account. Unknown, malformed, revoked and expired keys all
     * look the same to the caller; a suspended account is told so.
     */
    @Transactional
    public Optional<AuthenticatedKey> authenticate(String presentedKey) {
        if (!KeyMaterial.wellFormed(presentedKey)) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<ApiKey> found = keys.findByHash(KeyMaterial.hash(presentedKey)).filter(k -> k.usableAt(now));
        found.ifPresent(k -> keys.touch(k.id, now));
        return found.map(k -> new AuthenticatedKey(k.id, k.account.id, k.account.tier, k.environment,
                k.account.active(), limitsOf(k.account)));
    }

    private Limits limitsOf(Account account) {
        Limits tier = rateLimits.forTier(account.tier);
        return new Limits(account.rateLimitPerMinute != null ? account.rateLimitPerMinute : tier.perMinute(),
                account.rateLimitPerDay != null ? account.rateLimitPerDay : tier.perDay());
    }

    private Account find(String accountId) {
        return accounts.findByIdOptional(accountId).orElseThrow(() -> ApiException.notFound("Account"));
    }
}
