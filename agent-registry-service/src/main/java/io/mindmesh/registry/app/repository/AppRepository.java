package io.mindmesh.registry.app.repository;

import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class AppRepository implements PanacheRepositoryBase<AppEntity, UUID> {

    /** One page of apps, optionally only those bundling {@code workflow}, ordered by {@code sort}, ties by id. */
    public PanacheQuery<AppEntity> search(String workflow, Sort sort, PageQuery page) {
        PanacheQuery<AppEntity> query = workflow == null
                ? findAll(order(sort))
                : find("id in (select a.id from AppEntity a join a.workflows w where w = :workflow)", order(sort),
                        Parameters.with("workflow", workflow));
        return query.page(Page.of(page.page() - 1, page.limit()));
    }

    /** Every app by name, ties by id: what the MindStudio clients list. */
    public List<AppEntity> listByName() {
        return listAll(order(new Sort("name", false)));
    }

    /** The app's row locked until the transaction ends, so concurrent changes take turns. */
    public Optional<AppEntity> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<AppEntity> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** Whether another app than {@code id} already has this slug. */
    public boolean slugTakenByAnother(String slug, UUID id) {
        return count("slug = ?1 and id <> ?2", slug, id) > 0;
    }

    /**
     * Inserts the app's own row unless its id or slug is taken; concurrent callers (an operator and
     * a replica loading the demo catalog) wait on each other's rows instead of failing.
     *
     * @return whether this call inserted it
     */
    public boolean insertIfAbsent(UUID id, String slug, String name, String description, String defaultWorkflow) {
        return getEntityManager().unwrap(Session.class).createNativeMutationQuery("""
                insert into apps (id, slug, name, description, default_workflow)
                values (:id, :slug, :name, :description, :defaultWorkflow)
                on conflict do nothing
                """)
                .setParameter("id", id)
                .setParameter("slug", slug)
                .setParameter("name", name)
                .setParameter("description", description)
                .setParameter("defaultWorkflow", defaultWorkflow)
                .executeUpdate() == 1;
    }

    private static io.quarkus.panache.common.Sort order(Sort sort) {
        return io.quarkus.panache.common.Sort
                .by(sort.column(), sort.descending()
                        ? io.quarkus.panache.common.Sort.Direction.Descending
                        : io.quarkus.panache.common.Sort.Direction.Ascending)
                .and("id");
    }
}
