package io.mindmesh.registry.agent.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentFilter;
import io.mindmesh.registry.agent.repository.AgentEntity;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Catalog reads: open to any caller, the catalog is not tenant data. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AgentService {

    /** Sortable list fields (API name to entity attribute), in the order error messages list them. */
    public static final Map<String, String> SORT_FIELDS = sortFields();
    public static final String DEFAULT_SORT = "name";

    private final AgentRepository agents;

    AgentService(AgentRepository agents) {
        this.agents = agents;
    }

    public Page<Agent> list(AgentFilter filter, Sort sort, PageQuery page) {
        PanacheQuery<AgentEntity> query = agents.search(filter, sort, page);
        return Page.of(query.list().stream().map(AgentEntity::toAgent).toList(), page, query.count());
    }

    public Agent get(String id) {
        return agents.findByIdOptional(id)
                .map(AgentEntity::toAgent)
                .orElseThrow(() -> ApiException.notFound("Agent " + id));
    }

    private static Map<String, String> sortFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "name");
        fields.put("createdAt", "createdAt");
        fields.put("basePrice", "basePrice");
        return fields;
    }
}
