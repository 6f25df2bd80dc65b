package io.mindmesh.registry.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.app.App;
import io.mindmesh.registry.app.AppDefinition;
import io.mindmesh.registry.app.AppWorkflows;
import io.mindmesh.registry.app.repository.AppEntity;
import io.mindmesh.registry.app.repository.AppRepository;
import io.mindmesh.registry.catalog.Definitions;
import io.mindmesh.registry.catalog.JsonMergePatch;
import io.mindmesh.registry.workflow.ResolvedWorkflow;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.service.WorkflowService;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The app catalog: operators publish apps (bundles of catalog workflows); clients list them and
 * run their workflows by app id. Like workflows, apps are platform catalog, the same for every
 * account.
 */
@ApplicationScoped
@Transactional
public class AppService {

    /** Apps sort by the same catalog-entry fields as workflows: name, slug, createdAt, updatedAt. */
    public static final Map<String, String> SORT_FIELDS = WorkflowService.SORT_FIELDS;
    public static final String DEFAULT_SORT = "name";

    /** MindStudio names workflows {@code Name.flow}; its clients may send the name with or without it. */
    private static final String FLOW_SUFFIX = ".flow";
    private static final String SLUG_KEY = "apps_slug_key";

    private final AppRepository apps;
    private final WorkflowService workflows;
    private final Definitions definitions;

    AppService(AppRepository apps, WorkflowService workflows, Definitions definitions) {
        this.apps = apps;
        this.workflows = workflows;
        this.definitions = definitions;
    }

    /** Publishes a new app; 409 when its slug or id is taken. */
    public App create(AppDefinition definition) {
        return createIfAbsent(definition).orElseThrow(() -> apps.findBySlug(definition.slug()).isPresent()
                ? slugTaken(definition.slug())
                : conflict("id", "App id " + definition.id() + " is already taken"));
    }

    /** As {@link #create}, but an existing slug or id is an empty answer rather than a conflict. */
    public Optional<App> createIfAbsent(AppDefinition definition) {
        check(definition);
        UUID id = definition.id() != null ? UUID.fromString(definition.id()) : UUID.randomUUID();
        if (!apps.insertIfAbsent(id, definition.slug(), definition.name(), definition.description(),
                definition.defaultWorkflow())) {
            return Optional.empty();
        }
        AppEntity entity = apps.findById(id);
        entity.define(definition);
        apps.flush();
        return Optional.of(entity.toApp());
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the app's definition. The id cannot change; the
     * slug can, unless another app has it. The same definition again changes nothing.
     */
    public App patch(String id, JsonNode patch) {
        AppEntity entity = parse(id).flatMap(apps::findForUpdate).orElseThrow(() -> notFound(id));
        AppDefinition current = AppDefinition.of(entity.toApp());
        AppDefinition next = definitions.read(JsonMergePatch.apply(definitions.tree(current), patch), AppDefinition.class);
        if (!current.id().equals(next.id())) {
            throw ApiException.invalid("id", "id cannot change: this is app " + current.id());
        }
        check(next);
        if (!next.equals(current)) {
            if (apps.slugTakenByAnother(next.slug(), entity.id)) {
                throw slugTaken(next.slug());
            }
            entity.define(next);
            flushSlug(next.slug());
        }
        return entity.toApp();
    }

    public void delete(String id) {
        apps.delete(parse(id).flatMap(apps::findForUpdate).orElseThrow(() -> notFound(id)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public App get(String id) {
        return find(id).toApp();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<App> list(String workflow, Sort sort, PageQuery page) {
        PanacheQuery<AppEntity> query = apps.search(workflow, sort, page);
        return Page.of(query.list().stream().map(AppEntity::toApp).toList(), page, query.count());
    }

    /** Every app, by name: the MindStudio clients' listings are not paged. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<App> all() {
        return apps.listByName().stream().map(AppEntity::toApp).toList();
    }

    /** The app with the current definition of each of its workflows, read in one transaction. */
    public AppWorkflows withWorkflows(String id) {
        App app = find(id).toApp();
        return new AppWorkflows(app, app.workflows().stream().map(workflows::get).toList());
    }

    /**
     * The app's workflow that {@code reference} names, resolved for a run. The reference is a
     * slug or a name, either with or without a {@code .flow} suffix; a slug wins over a name, and
     * of two workflows with the same name the first in the app's order is taken.
     */
    public ResolvedWorkflow resolve(String appId, String reference) {
        AppWorkflows app = withWorkflows(appId);
        String wanted = withoutFlowSuffix(reference);
        Workflow workflow = app.workflows().stream().filter(candidate -> candidate.slug().equals(wanted)).findFirst()
                .or(() -> app.workflows().stream()
                        .filter(candidate -> withoutFlowSuffix(candidate.name()).equals(wanted)).findFirst())
                .orElseThrow(() -> ApiException.notFound("Workflow " + reference + " of app " + appId));
        return workflows.resolve(workflow.slug());
    }

    private AppEntity find(String id) {
        return parse(id).flatMap(apps::findByIdOptional).orElseThrow(() -> notFound(id));
    }

    private void check(AppDefinition definition) {
        definition.check(workflows.existingSlugs(definition.workflows()));
    }

    /** The slug check above can race with another change; the unique key then decides, and the loser gets 409. */
    private void flushSlug(String slug) {
        try {
            apps.flush();
        } catch (ConstraintViolationException e) {
            if (!SLUG_KEY.equals(e.getConstraintName())) {
                throw e;
            }
            throw slugTaken(slug);
        }
    }

    /** A path id that is not a UUID names no app: the caller gets the same 404 as for an unknown one. */
    private static Optional<UUID> parse(String raw) {
        try {
            UUID id = UUID.fromString(raw);
            // UUID.fromString also accepts shortened groups ("1-1-1-1-1"); only the canonical form names an app.
            return id.toString().equalsIgnoreCase(raw) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String withoutFlowSuffix(String name) {
        return name.endsWith(FLOW_SUFFIX) ? name.substring(0, name.length() - FLOW_SUFFIX.length()) : name;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("App " + id);
    }

    private static ApiException slugTaken(String slug) {
        return conflict("slug", "App " + slug + " already exists");
    }

    private static ApiException conflict(String field, String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message, Map.of("field", field));
    }
}
