package io.mindmesh.gateway.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Optional<ApiKey> findByHash(String keyHash) {
        return find("from ApiKey k join fetch k.account where k.keyHash = ?1", keyHash).firstResultOptional();
    }

    /** Writes last-used at most once a minute per key, so authentication is not a write per request. */
    public void touch(String keyId, Instant now) {
        update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
                now, keyId, now.minusSeconds(60));
    }
}
