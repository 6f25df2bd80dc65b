package io.mindmesh.registry.workflow.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.registry.agent.repository.AgentEntity;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.registry.workflow.ResolvedWorkflow;
import io.mindmesh.registry.workflow.Workflow;
import io.mindmesh.registry.workflow.WorkflowDefinition;
import io.mindmesh.registry.workflow.WorkflowRules;
import io.mindmesh.registry.workflow.repository.WorkflowEntity;
import io.mindmesh.registry.workflow.repository.WorkflowRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The workflow catalog: operators publish and change workflows; anyone reads them (the catalog is
 * not tenant data). A change of definition increments {@code version}, so a run can record which
 * definition it followed.
 */
@ApplicationScoped
@Transactional
public class WorkflowService {

    /** Sortable list fields (API name to entity attribute), in the order error messages list them. */
    public static final Map<String, String> SORT_FIELDS = sortFields();
    public static final String DEFAULT_SORT = "name";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WorkflowRepository workflows;
    private final AgentRepository agents;

    WorkflowService(WorkflowRepository workflows, AgentRepository agents) {
        this.workflows = workflows;
        this.agents = agents;
    }

    /** Publishes a new workflow as version 1; 409 when its slug or id is taken. */
    public Workflow create(WorkflowDefinition definition) {
        return createIfAbsent(definition).orElseThrow(() -> workflows.findBySlug(definition.slug()).isPresent()
                ? conflict("slug", "Workflow " + definition.slug() + " already exists")
                : conflict("id", "Workflow id " + definition.id() + " is already taken"));
    }

    /** As {@link #create}, but an existing slug or id is an empty answer rather than a conflict. */
    public Optional<Workflow> createIfAbsent(WorkflowDefinition definition) {
        check(definition);
        String id = definition.id() != null ? definition.id() : newId();
        if (!workflows.insertIfAbsent(id, definition.slug(), definition.name(), definition.description())) {
            return Optional.empty();
        }
        WorkflowEntity entity = workflows.findById(id);
        entity.define(definition);
        return Optional.of(entity.toWorkflow());
    }

    /**
     * Replaces the definition of workflow {@code slug}. The same definition again changes nothing,
     * so a retried request does not count as a new version.
     */
    public Workflow replace(String slug, WorkflowDefinition definition) {
        WorkflowEntity entity = workflows.findBySlugForUpdate(slug).orElseThrow(() -> notFound(slug));
        if (!slug.equals(definition.slug())) {
            throw ApiException.invalid("slug", "slug cannot change: this is workflow " + slug);
        }
        if (definition.id() != null && !definition.id().equals(entity.id)) {
            throw ApiException.invalid("id", "id cannot change: this is workflow " + entity.id);
        }
        check(definition);
        WorkflowDefinition current = entity.toDefinition();
        WorkflowDefinition next = new WorkflowDefinition(entity.id, slug, definition.name(), definition.description(),
                definition.steps(), definition.launchVariables(), definition.outputVariables());
        if (!next.equals(current)) {
            entity.define(next);
            entity.version++;
            // Writes now, so that the response carries the updated_at the database gives the row.
            workflows.flush();
        }
        return entity.toWorkflow();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Workflow get(String slug) {
        return workflows.findBySlug(slug).map(WorkflowEntity::toWorkflow).orElseThrow(() -> notFound(slug));
    }

    /** The workflow with the current definition of each agent its steps name, read in one transaction. */
    @Transactional(Transactional.TxType.REQUIRED)
    public ResolvedWorkflow resolve(String slug) {
        Workflow workflow = get(slug);
        List<String> agentIds = workflow.steps().stream().map(WorkflowDefinition.Step::agentId).distinct().toList();
        Map<String, AgentEntity> byId = agents.list("id in ?1", agentIds).stream()
                .collect(Collectors.toMap(agent -> agent.id, Function.identity()));
        // Steps reference agents by foreign key, so every one of them exists.
        return new ResolvedWorkflow(workflow, agentIds.stream().map(id -> byId.get(id).toAgent()).toList());
    }

    /** Which of the given slugs name a workflow of the catalog. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> existingSlugs(Collection<String> slugs) {
        return workflows.existingSlugs(slugs);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Workflow> list(String agentId, Sort sort, PageQuery page) {
        PanacheQuery<WorkflowEntity> query = workflows.search(agentId, sort, page);
        return Page.of(query.list().stream().map(WorkflowEntity::toWorkflow).toList(), page, query.count());
    }

    private void check(WorkflowDefinition definition) {
        WorkflowRules.check(definition,
                agents.statuses(definition.steps().stream().map(WorkflowDefinition.Step::agentId).toList()));
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "wf_" + HexFormat.of().formatHex(bytes);
    }

    private static ApiException notFound(String slug) {
        return ApiException.notFound("Workflow " + slug);
    }

    private static ApiException conflict(String field, String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message, Map.of("field", field));
    }

    private static Map<String, String> sortFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "name");
        fields.put("slug", "slug");
        fields.put("createdAt", "createdAt");
        fields.put("updatedAt", "updatedAt");
        return fields;
    }
}
