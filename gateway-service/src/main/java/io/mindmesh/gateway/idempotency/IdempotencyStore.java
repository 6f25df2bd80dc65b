package io.mindmesh.gateway.idempotency;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code X-Idempotency-Key} enforced (docs/public-api.md#idempotency): the first request with a key
 * claims it (one row, primary key per account, environment and key, so concurrent duplicates cannot
 * both claim it, and a sandbox key never replays or blocks a live request); a retry with the same body gets the first answer replayed for 24 hours; the same key with a
 * different body is 422; the same key while the first request still runs is 409.
 */
@ApplicationScoped
public class IdempotencyStore {

    static final Duration RETENTION = Duration.ofHours(24);
    /** A claim this old belongs to a gateway that died mid-request; a retry may take it over. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final EntityManager em;

    IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    /** Whose keys: one account's, in one environment ({@code live} or {@code test}). */
    public record Scope(String accountId, String environment) {
    }

    /** Claims the key for this request, or returns the stored answer to replay. */
    @Transactional
    public Optional<StoredResponse> claimOrReplay(Scope scope, String key, String requestHash) {
        Instant now = Instant.now();
        int claimed = em.createNativeQuery("""
                insert into idempotency_records (account_id, environment, idempotency_key, request_hash, state,
                                                 created_at, expires_at)
                values (?1, ?7, ?2, ?3, 'IN_FLIGHT', ?4, ?5)
                on conflict (account_id, environment, idempotency_key) do update
                   set request_hash = excluded.request_hash, state = 'IN_FLIGHT', response_status = null,
                       response_content_type = null, response_body = null, created_at = excluded.created_at,
                       expires_at = excluded.expires_at
                 where idempotency_records.expires_at < ?4
                    or (idempotency_records.state = 'IN_FLIGHT' and idempotency_records.created_at < ?6)
                """)
                .setParameter(1, scope.accountId()).setParameter(2, key).setParameter(3, requestHash)
                .setParameter(4, now).setParameter(5, now.plus(RETENTION)).setParameter(6, now.minus(ABANDONED_AFTER))
                .setParameter(7, scope.environment())
                .executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select request_hash, state, response_status, response_content_type, response_body
                  from idempotency_records where account_id = ?1 and environment = ?3 and idempotency_key = ?2
                """).setParameter(1, scope.accountId()).setParameter(2, key).setParameter(3, scope.environment())
                .getResultList();
        Object[] row = rows.get(0);
        if (!requestHash.equals(row[0])) {
            throw new ApiException(422, ErrorCode.INVALID_REQUEST,
                    "X-Idempotency-Key was already used with a different request", java.util.Map.of(
                            "field", "X-Idempotency-Key"));
        }
        if ("IN_FLIGHT".equals(row[1])) {
            throw new ApiException(409, ErrorCode.CONFLICT,
                    "A request with this X-Idempotency-Key is still being processed; retry shortly")
                    .retryAfter(1);
        }
        return Optional.of(new StoredResponse(((Number) row[2]).intValue(), (String) row[3], (byte[]) row[4]));
    }

    @Transactional
    public void complete(Scope scope, String key, StoredResponse response) {
        em.createNativeQuery("""
                update idempotency_records set state = 'COMPLETED', response_status = ?3,
                       response_content_type = ?4, response_body = ?5
                 where account_id = ?1 and environment = ?6 and idempotency_key = ?2
                """).setParameter(1, scope.accountId()).setParameter(2, key).setParameter(3, response.status())
                .setParameter(4, response.contentType()).setParameter(5, response.body()).setParameter(6, scope.environment()).executeUpdate();
    }

    /** Nothing was decided (the service was unavailable): the caller may retry with the same key. */
    @Transactional
    public void release(Scope scope, String key) {
        em.createNativeQuery("""
                delete from idempotency_records where account_id = ?1 and environment = ?3 and idempotency_key = ?2
                """).setParameter(1, scope.accountId()).setParameter(2, key).setParameter(3, scope.environment())
                .executeUpdate();
    }

    @Scheduled(every = "10m", delayed = "1m")
    @Transactional
    void purgeExpired() {
        em.createNativeQuery("delete from idempotency_records where expires_at < ?1")
                .setParameter(1, Instant.now()).executeUpdate();
    }
}
