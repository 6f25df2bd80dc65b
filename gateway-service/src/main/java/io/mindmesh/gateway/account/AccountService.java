package io.mindmesh.gateway.account;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.auth.KeyCache;
import io.mindmesh.gateway.auth.Scope;
import io.mindmesh.gateway.ratelimit.Limits;
import io.mindmesh.gateway.ratelimit.RateLimitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class AccountService {

    /** Last-used time is kept to the minute, so authentication is a read, not a write per request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final String NO_ESCALATION = "An API key cannot grant a scope it does not hold itself";

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final RateLimitConfig rateLimits;
    private final KeyCache keyCache;
    private final ApiKeyLimits keyLimits;

    AccountService(AccountRepository accounts, ApiKeyRepository keys, RateLimitConfig rateLimits, KeyCache keyCache,
            ApiKeyLimits keyLimits) {
        this.keyLimits = keyLimits;
        this.accounts = accounts;
        this.keys = keys;
        this.rateLimits = rateLimits;
        this.keyCache = keyCache;
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
        keyCache.evictAccount(accountId);
        return AccountView.of(account);
    }

    @Transactional
    public CreatedKey createKey(String accountId, CreateKeyRequest request) {
        return issueKey(lockForNewKey(accountId), request.name(), request.environment(), null, Scope.parse(request.scopes()));
    }

    /**
     * A key made by a key of the same account: it never gets a scope its creator lacks, another
     * environment than its creator's, or a longer life (a creator that expires makes only keys that
     * expire no later).
     */
    @Transactional
    public CreatedKey createKey(AuthenticatedKey creator, NewApiKey request) {
        Set<Scope> scopes = Scope.parse(request.scopes());
        creator.requireScopes(scopes, NO_ESCALATION);
        if (request.environment() != null && !request.environment().equals(creator.environment())) {
            throw forbidden("environment", "An API key can only create keys of its own environment ("
                    + creator.environment() + ")");
        }
        if (creator.expiresAt() != null && request.expiresAt() == null) {
            throw forbidden("expiresAt", "An API key that expires can only create keys that expire no later than "
                    + creator.expiresAt());
        }
        requireNoLaterThan(creator, request.expiresAt());
        return issueKey(lockForNewKey(creator.accountId()), request.name(), creator.environment(),
                request.expiresAt(), scopes);
    }

    /** The keys of the caller's account and environment: the other environment's keys are not shown. */
    @Transactional
    public Page<ApiKeyView> listKeys(AuthenticatedKey caller, PageQuery page) {
        var query = keys.find("account.id = ?1 and environment = ?2 and revokedAt is null order by createdAt desc, id",
                caller.accountId(), caller.environment());
        long total = query.count();
        return Page.of(query.range((int) page.offset(), (int) page.offset() + page.limit() - 1).list().stream()
                .map(ApiKeyView::of).toList(), page, total);
    }

    /**
     * Like creating, changing a key never grants a scope the changing key lacks nor an expiry
     * later than its own; a key of the other environment is not found.
     */
    @Transactional
    public ApiKeyView changeKey(AuthenticatedKey changer, String keyId, ApiKeyChanges changes) {
        ApiKey key = ownKey(changer, keyId);
        requireNoLaterThan(changer, changes.expiresAt());
        if (changes.scopes() != null) {
            Set<Scope> scopes = Scope.parse(changes.scopes());
            changer.requireScopes(scopes, NO_ESCALATION);
            key.scopeNames = Scope.join(scopes);
        }
        if (changes.name() != null) {
            key.name = changes.name();
        }
        if (changes.expiresAt() != null) {
            key.expiresAt = changes.expiresAt();
        }
        keyCache.evictKey(keyId);
        return ApiKeyView.of(key);
    }

    /**
     * Refused at once on this replica, and on the others once their cached copy is older than
     * {@code gateway.key-cache.ttl} (see {@link KeyCache}).
     */
    @Transactional
    public void revokeKey(AuthenticatedKey revoker, String keyId) {
        ownKey(revoker, keyId).revokedAt = Instant.now();
        keyCache.evictKey(keyId);
    }

    /** A key of the caller's account and environment; any other key does not exist for it. */
    private ApiKey ownKey(AuthenticatedKey caller, String keyId) {
        return keys.find("id = ?1 and account.id = ?2 and environment = ?3 and revokedAt is null", keyId,
                caller.accountId(), caller.environment()).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("API key"));
    }

    private static void requireNoLaterThan(AuthenticatedKey caller, Instant expiresAt) {
        if (caller.expiresAt() != null && expiresAt != null && expiresAt.isAfter(caller.expiresAt())) {
            throw forbidden("expiresAt", "An API key cannot give a key an expiry later than its own ("
                    + caller.expiresAt() + ")");
        }
    }

    private static ApiException forbidden(String field, String message) {
        return new ApiException(403, ErrorCode.FORBIDDEN, message, Map.of("field", field));
    }

    /**
     * The account, locked until the transaction ends and checked to have room for one more key:
     * concurrent creations are counted one after the other, so the cap holds exactly.
     */
    private Account lockForNewKey(String accountId) {
        Account account = accounts.findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("Account"));
        int max = keyLimits.maxPerAccount();
        if (keys.count("account.id = ?1 and revokedAt is null", accountId) >= max) {
            throw new ApiException(409, ErrorCode.CONFLICT, "The account already has " + max
                    + " API keys, the most it may hold; revoke one first", Map.of("limit", max));
        }
        return account;
    }

    private CreatedKey issueKey(Account account, String name, String environment, Instant expiresAt,
            Set<Scope> scopes) {
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
        key.scopeNames = Scope.join(scopes);
        keys.persist(key);
        return new CreatedKey(key.id, secret, key.displayPrefix, key.name, key.environment, Scope.names(scopes),
                key.createdAt);
    }

    /**
     * Resolves the hash of a presented key (see {@link KeyMaterial#hash}) to its account. Unknown,
     * revoked and expired keys all look the same to the caller; a suspended account is told so.
     */
    @Transactional
    public Optional<AuthenticatedKey> authenticate(String keyHash) {
        Instant now = Instant.now();
        Optional<ApiKey> found = keys.findByHash(keyHash).filter(k -> k.usableAt(now));
        found.filter(k -> k.lastUsedAt == null || k.lastUsedAt.isBefore(now.minus(LAST_USED_PRECISION)))
                .ifPresent(k -> keys.touch(k.id, now, LAST_USED_PRECISION));
        return found.map(k -> new AuthenticatedKey(k.id, k.account.id, k.account.name, k.account.tier, k.environment,
                k.account.active(), limitsOf(k.account), k.scopes(), k.expiresAt));
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
