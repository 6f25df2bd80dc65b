package io.mindmesh.gateway.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> findByHash(String keyHash) {
        return find("from ApiKey k join fetch k.account where k.keyHash = ?1", keyHash).firstResultOptional();
    }

    /** Guarded so that concurrent requests of one key write it once per period. */
    public void touch(String keyId, Instant now, Duration precision) {
        update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                now, keyId, now.minus(precision));
    }
}
