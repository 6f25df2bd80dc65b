package io.mindmesh.orchestrator.llmprovider.repository;

import io.mindmesh.orchestrator.llmprovider.StoredProvider;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LlmProviderRepository implements PanacheRepositoryBase<StoredProvider, String> {

    public List<StoredProvider> all() {
        return listAll(Sort.by("name"));
    }

    public Optional<StoredProvider> locked(String name) {
        return findByIdOptional(name, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Creates the provider or replaces all its settings, in one statement, so two operators creating
     * the same name at once never collide; true when it was created. The row gets a new version.
     */
    public boolean upsert(StoredProvider row) {
        Object created = getEntityManager().createNativeQuery("""
                insert into llm_providers (name, base_url, api_key, timeout_ms, max_retries, allowed_host, version,
                                           created_at, updated_at)
                values (?1, ?2, nullif(?3, ''), ?4, ?5, nullif(?6, ''), nextval('llm_provider_versions'), now(), now())
                on conflict (name) do update set base_url = excluded.base_url, api_key = excluded.api_key,
                    timeout_ms = excluded.timeout_ms, max_retries = excluded.max_retries,
                    allowed_host = excluded.allowed_host, version = excluded.version, updated_at = excluded.updated_at
                returning xmax = 0""")
                .setParameter(1, row.name)
                .setParameter(2, row.baseUrl)
                // Empty stands for null (nullif): a typed parameter, where a bare null would have no type.
                .setParameter(3, row.apiKey == null ? "" : row.apiKey)
                .setParameter(4, row.timeoutMs)
                .setParameter(5, row.maxRetries)
                .setParameter(6, row.allowedHost == null ? "" : row.allowedHost)
                .getSingleResult();
        return Boolean.TRUE.equals(created);
    }

    /** A version no write has used yet. */
    public long nextVersion() {
        return ((Number) getEntityManager().createNativeQuery("select nextval('llm_provider_versions')")
                .getSingleResult()).longValue();
    }
}
