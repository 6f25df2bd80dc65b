package io.mindmesh.gateway.account;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.ratelimit.Limits;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class AccountService {

    /** Last-used time is kept to the minute, so authentication is a read, not a write per request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

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
        return issueKey(find(accountId), request.name(), request.environment(), null);
    }

    @Transactional
    public CreatedKey createKey(String accountId, NewApiKey request, String callerEnvironment) {
        return issueKey(find(accountId), request.name(),
                request.environment() != null ? request.environment() : callerEnvironment, request.expiresAt());
    }

    @Transactional
    public Page<ApiKeyView> listKeys(String accountId, PageQuery page) {
        var query = keys.find("account.id = ?1 and revokedAt is null order by createdAt desc, id", accountId);
        long total = query.count();
        return Page.of(query.range((int) page.offset(), (int) page.offset() + page.limit() - 1).list().stream()
                .map(ApiKeyView::of).toList(), page, total);
    }

    @Transactional
    public ApiKeyView changeKey(String accountId, String keyId, ApiKeyChanges changes) {
        ApiKey key = ownKey(accountId, keyId);
        if (changes.name() != null) {
            key.name = changes.name();
        }
        if (changes.expiresAt() != null) {
            key.expiresAt = changes.expiresAt();
        }
        return ApiKeyView.of(key);
    }

    /** Takes effect on the next request on every gateway replica: each request reads the key's row. */
    @Transactional
    public void revokeKey(String accountId, String keyId) {
        ownKey(accountId, keyId).revokedAt = Instant.now();
    }

    private ApiKey ownKey(String accountId, String keyId) {
        return keys.find("id = ?1 and account.id = ?2 and revokedAt is null", keyId, accountId).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("API key"));
    }

    private CreatedKey issueKey(Account account, String name, String environment, Instant expiresAt) {
        String secret = KeyMaterial.newKey(environment);
        ApiKey key = new ApiKey();
        key.id = KeyMaterial.randomId("key_", 16);
        key.account = account;
        key.name = name;
        key.environment = environment;
        key.displayPrefix = KeyMaterial.displayPrefix(secret);
        key.keyHash = KeyMaterial.hash(secret);
        key.createdAt = Instant.now();
        key.expiresAt = expiresAt;
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
        found.filter(k -> k.lastUsedAt == null || k.lastUsedAt.isBefore(now.minus(LAST_USED_PRECISION)))
                .ifPresent(k -> keys.touch(k.id, now, LAST_USED_PRECISION));
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
