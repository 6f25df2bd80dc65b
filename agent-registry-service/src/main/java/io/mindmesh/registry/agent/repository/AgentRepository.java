package io.mindmesh.registry.agent.repository;

import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentFilter;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<AgentEntity, String> {

    /** Writes an llm runtime's settings for the native insert; plain records, no configuration needed. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One page of agents matching the filter, ordered by {@code sort} then by id (stable pages). */
    public PanacheQuery<AgentEntity> search(AgentFilter filter, Sort sort, PageQuery page) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.vertical() != null) {
            conditions.add("vertical = :vertical");
            params.put("vertical", filter.vertical());
        }
        if (filter.capability() != null) {
            conditions.add("array_contains(capabilities, :capability)");
            params.put("capability", filter.capability());
        }
        if (filter.status() != null) {
            conditions.add("status = :status");
            params.put("status", filter.status());
        }
        io.quarkus.panache.common.Sort order = io.quarkus.panache.common.Sort
                .by(sort.column(), sort.descending()
                        ? io.quarkus.panache.common.Sort.Direction.Descending
                        : io.quarkus.panache.common.Sort.Direction.Ascending)
                .and("id");
        String where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        return find(where, order, params).page(Page.of(page.page() - 1, page.limit()));
    }

    public List<AgentEntity> listAllById() {
        return listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    public CatalogFingerprint fingerprint() {
        return getEntityManager().createQuery("select new " + CatalogFingerprint.class.getName()
                + "(count(a), coalesce(sum(a.revision), 0)) from AgentEntity a",
                CatalogFingerprint.class).getSingleResult();
    }

    /**
     * Inserts the agent unless an agent with its id or name exists; concurrent callers (two
     * replicas starting at once) wait on each other's rows instead of failing.
     *
     * @return whether this call inserted the agent
     */
    public boolean insertIfAbsent(Agent agent) {
        int inserted = session().createNativeMutationQuery("""
                insert into agents (id, name, display_name, vertical, description, capabilities, consumes, produces,
                                    base_price, variable_price, pricing_unit, typical_units,
                                    runtime_type, runtime_endpoint, runtime_timeout_ms, runtime_latency_ms,
                                    runtime_failure_rate, runtime_llm, typical_latency_ms, status, version)
                values (:id, :name, :displayName, :vertical, :description, :capabilities, :consumes, :produces,
                        :basePrice, :variablePrice, :unit, :typicalUnits,
                        :runtimeType, :endpoint, :timeoutMs, :latencyMs,
                        :failureRate, cast(:llm as jsonb), :typicalLatencyMs, :status, :version)
                on conflict do nothing
                """)
                .setParameter("id", agent.id())
                .setParameter("name", agent.name())
                .setParameter("displayName", agent.displayName())
                .setParameter("vertical", agent.vertical())
                .setParameter("description", agent.description())
                .setParameter("capabilities", agent.capabilities().toArray(String[]::new), String[].class)
                .setParameter("consumes", agent.consumes().toArray(String[]::new), String[].class)
                .setParameter("produces", agent.produces().toArray(String[]::new), String[].class)
                .setParameter("basePrice", agent.pricing().basePrice())
                .setParameter("variablePrice", agent.pricing().variablePrice())
                .setParameter("unit", agent.pricing().unit())
                .setParameter("typicalUnits", agent.pricing().typicalUnits())
                .setParameter("runtimeType", agent.runtime().type())
                .setParameter("endpoint", agent.runtime().endpoint(), String.class)
                .setParameter("timeoutMs", agent.runtime().timeoutMs(), Integer.class)
                .setParameter("latencyMs", agent.runtime().latencyMs(), Integer.class)
                .setParameter("failureRate", agent.runtime().failureRate(), Double.class)
                .setParameter("llm", agent.runtime().llm() == null ? null : JSON.valueToTree(agent.runtime().llm()).toString(),
                        String.class)
                .setParameter("typicalLatencyMs", agent.typicalLatencyMs())
                .setParameter("status", agent.status())
                .setParameter("version", agent.version())
                .executeUpdate();
        return inserted == 1;
    }

    /** The agent's row locked until the transaction ends, so concurrent updates take turns. */
    public Optional<AgentEntity> findForUpdate(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether another agent than {@code id} already has this name. */
    public boolean nameTakenByAnother(String name, String id) {
        return count("name = ?1 and id <> ?2", name, id) > 0;
    }

    /** The status of each of the given agents that exists. */
    public Map<String, String> statuses(Collection<String> ids) {
        Map<String, String> statuses = new HashMap<>();
        if (!ids.isEmpty()) {
            list("id in ?1", ids).forEach(agent -> statuses.put(agent.id, agent.status));
        }
        return statuses;
    }

    private Session session() {
        return getEntityManager().unwrap(Session.class);
    }
}
