package io.mindmesh.analytics.usage.repository;

import io.mindmesh.analytics.usage.AgentDayUsage;
import io.mindmesh.analytics.usage.UsageQuery;
import io.mindmesh.common.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.query.NativeQuery;

/**
 * Aggregates agent completions and failures in PostgreSQL, one row per account, agent and UTC
 * day: no event row is loaded into the service. Latency and cost come from the completion
 * event's {@code parameters} (see {@code EventMapping#nodeExecution}).
 */
@ApplicationScoped
public class UsageRepository {

    private static final String COMPLETED = EventType.AGENT_COMPLETED.cloudEventType();
    private static final String FAILED = EventType.AGENT_FAILED.cloudEventType();

    /*
     * The event types are literals, not parameters, so that the planner can match the partial
     * indexes of V2 (which name the same two types) whatever plan it caches.
     */
    private static final String SELECT = """
            SELECT account_id, agent_id,
                   (array_agg(agent_name ORDER BY created_at DESC, id DESC))[1] AS agent_name,
                   CAST(created_at AT TIME ZONE 'UTC' AS date) AS day,
                   count(*) FILTER (WHERE event_type = '%1$s') AS succeeded,
                   count(*) FILTER (WHERE event_type = '%2$s') AS failed,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY %3$s) FILTER (WHERE event_type = '%1$s') AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY %3$s) FILTER (WHERE event_type = '%1$s') AS p95,
                   coalesce(sum(%4$s) FILTER (WHERE event_type = '%1$s'), 0) AS cost
            FROM events
            WHERE event_type IN ('%1$s', '%2$s')
              AND environment = :environment AND created_at >= :from AND created_at < :until
            """.formatted(COMPLETED, FAILED,
                    "CAST(payload #>> '{parameters,durationMs}' AS double precision)",
                    "CAST(payload #>> '{parameters,cost}' AS numeric)");

    private final EntityManager entityManager;

    public UsageRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @SuppressWarnings("unchecked")
    public List<AgentDayUsage> perAgentAndDay(UsageQuery query) {
        StringBuilder sql = new StringBuilder(SELECT);
        if (query.accountId() != null) {
            sql.append("  AND account_id = :accountId\n");
        }
        if (query.agentId() != null) {
            sql.append("  AND agent_id = :agentId\n");
        }
        sql.append("GROUP BY account_id, agent_id, day\nORDER BY day, account_id, agent_id");

        NativeQuery<AgentDayUsage> nativeQuery = entityManager.createNativeQuery(sql.toString())
                .unwrap(NativeQuery.class);
        nativeQuery.setParameter("environment", query.environment().value())
                .setParameter("from", query.period().from().atOffset(ZoneOffset.UTC))
                .setParameter("until", query.period().until().atOffset(ZoneOffset.UTC));
        if (query.accountId() != null) {
            nativeQuery.setParameter("accountId", query.accountId());
        }
        if (query.agentId() != null) {
            nativeQuery.setParameter("agentId", query.agentId());
        }
        return nativeQuery
                .addScalar("account_id", String.class)
                .addScalar("agent_id", String.class)
                .addScalar("agent_name", String.class)
                .addScalar("day", LocalDate.class)
                .addScalar("succeeded", Long.class)
                .addScalar("failed", Long.class)
                .addScalar("p50", Double.class)
                .addScalar("p95", Double.class)
                .addScalar("cost", BigDecimal.class)
                .setTupleTransformer((tuple, aliases) -> new AgentDayUsage((String) tuple[0], (String) tuple[1],
                        (String) tuple[2], (LocalDate) tuple[3], (Long) tuple[4], (Long) tuple[5],
                        (Double) tuple[6], (Double) tuple[7], (BigDecimal) tuple[8]))
                .getResultList();
    }
}
