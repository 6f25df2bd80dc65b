package io.mindmesh.registry.workflow.repository;

import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

@ApplicationScoped
public class WorkflowRepository implements PanacheRepositoryBase<WorkflowEntity, String> {

    /** One page of workflows, optionally only those with a step run by {@code agentId}; ties by slug. */
    public PanacheQuery<WorkflowEntity> search(String agentId, Sort sort, PageQuery page) {
        io.quarkus.panache.common.Sort order = io.quarkus.panache.common.Sort
                .by(sort.column(), sort.descending()
                        ? io.quarkus.panache.common.Sort.Direction.Descending
                        : io.quarkus.panache.common.Sort.Direction.Ascending)
                .and("slug");
        PanacheQuery<WorkflowEntity> query = agentId == null
                ? findAll(order)
                : find("id in (select w.id from WorkflowEntity w join w.steps s where s.agentId = :agentId)", order,
                        Parameters.with("agentId", agentId));
        return query.page(Page.of(page.page() - 1, page.limit()));
    }

    public Optional<WorkflowEntity> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** Which of the given slugs name a workflow. */
    public Set<String> existingSlugs(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager()
                .createQuery("select w.slug from WorkflowEntity w where w.slug in :slugs", String.class)
                .setParameter("slugs", slugs)
                .getResultList());
    }

    /** The workflow's row locked until the transaction ends, so concurrent updates take turns. */
    public Optional<WorkflowEntity> findBySlugForUpdate(String slug) {
        return find("slug", slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * Inserts the workflow's own row unless its id or slug is taken; concurrent callers (an operator
     * and a replica loading the demo catalog) wait on each other's rows instead of failing.
     *
     * @return whether this call inserted it
     */
    public boolean insertIfAbsent(String id, String slug, String name, String description) {
        return getEntityManager().unwrap(Session.class).createNativeMutationQuery("""
                insert into workflows (id, slug, name, description) values (:id, :slug, :name, :description)
                on conflict do nothing
                """)
                .setParameter("id", id)
                .setParameter("slug", slug)
                .setParameter("name", name)
                .setParameter("description", description)
                .executeUpdate() == 1;
    }
}
