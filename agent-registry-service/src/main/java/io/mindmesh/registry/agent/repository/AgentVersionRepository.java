package io.mindmesh.registry.agent.repository;

import io.mindmesh.common.paging.PageQuery;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AgentVersionRepository implements PanacheRepositoryBase<AgentVersionEntity, AgentVersionEntity.Key> {

    /** One page of an agent's versions, newest first. */
    public PanacheQuery<AgentVersionEntity> history(String agentId, PageQuery page) {
        return find("agentId", Sort.descending("version"), agentId).page(Page.of(page.page() - 1, page.limit()));
    }
}
