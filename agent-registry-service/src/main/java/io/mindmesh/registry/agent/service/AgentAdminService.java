package io.mindmesh.registry.agent.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentDefinition;
import io.mindmesh.registry.agent.AgentStatus;
import io.mindmesh.registry.agent.AgentVersion;
import io.mindmesh.registry.agent.repository.AgentEntity;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.registry.agent.repository.AgentVersionEntity;
import io.mindmesh.registry.agent.repository.AgentVersionRepository;
import io.mindmesh.registry.catalog.Definitions;
import io.mindmesh.registry.catalog.JsonMergePatch;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Operators' changes to the catalog. Every change of definition is a new version: the agent's row
 * takes it with {@code version + 1}, and {@code agent_versions} records it, in one transaction. The
 * selection index of every replica notices the change on its next selection (see
 * {@code CatalogSnapshots}).
 */
@ApplicationScoped
@Transactional
public class AgentAdminService {

    private static final String NAME_KEY = "agents_name_key";

    private final AgentRepository agents;
    private final AgentVersionRepository versions;
    private final Definitions definitions;
    private final SigningSecrets secrets;

    AgentAdminService(AgentRepository agents, AgentVersionRepository versions, Definitions definitions,
            SigningSecrets secrets) {
        this.agents = agents;
        this.versions = versions;
        this.definitions = definitions;
        this.secrets = secrets;
    }

    /** A newly registered agent and its signing secret, which only this answer shows. */
    public record Registered(Agent agent, String signingSecret) {
    }

    /** Publishes a new agent as version 1 with its signing secret, in one transaction; 409 when its id or name is taken. */
    public Registered register(AgentDefinition definition) {
        Agent agent = create(definition);
        return new Registered(agent, secrets.rotate(agent.id()));
    }

    private Agent create(AgentDefinition definition) {
        definition.checkConsistency();
        String id = definition.idOrDefault();
        return createIfAbsent(definition.toAgent(id, AgentStatus.ACTIVE, 1)).orElseThrow(() ->
                agents.findByIdOptional(id).isPresent()
                        ? conflict("id", "Agent " + id + " already exists")
                        : conflict("name", "An agent named " + definition.name() + " already exists"));
    }

    /**
     * Inserts the agent with its first version row, unless its id or name is taken: the one way
     * agents enter the catalog, for operators and the demo catalog alike.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Agent> createIfAbsent(Agent agent) {
        if (!agents.insertIfAbsent(agent)) {
            return Optional.empty();
        }
        Agent stored = agents.findById(agent.id()).toAgent();
        versions.persist(AgentVersionEntity.of(stored.id(), stored.version(), AgentDefinition.of(stored)));
        return Optional.of(stored);
    }

    /**
     * Replaces the definition as a new version. The same definition again changes nothing, so a
     * retried request does not publish a second version.
     */
    public Agent replace(String id, AgentDefinition definition) {
        return replace(agents.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Agent " + id)), definition);
    }

    /** Applies a JSON merge patch (RFC 7396) to the current definition, then as {@link #replace}. */
    public Agent patch(String id, JsonNode patch) {
        AgentEntity entity = agents.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Agent " + id));
        JsonNode current = definitions.tree(AgentDefinition.of(entity.toAgent()));
        return replace(entity, definitions.read(JsonMergePatch.apply(current, patch), AgentDefinition.class));
    }

    private Agent replace(AgentEntity entity, AgentDefinition definition) {
        String id = entity.id;
        if (definition.id() != null && !definition.id().equals(id)) {
            throw ApiException.invalid("id", "id cannot change: this is agent " + id);
        }
        definition.checkConsistency();
        if (agents.nameTakenByAnother(definition.name(), id)) {
            throw conflict("name", "An agent named " + definition.name() + " already exists");
        }
        AgentDefinition before = AgentDefinition.of(entity.toAgent());
        entity.define(definition.toAgent(id, entity.status, entity.version));
        AgentDefinition after = AgentDefinition.of(entity.toAgent());
        if (!after.equals(before)) {
            entity.version++;
            versions.persist(AgentVersionEntity.of(id, entity.version, after));
            flushName(definition.name());
        }
        return entity.toAgent();
    }

    /** Deprecated agents stay listed but are never selected again; deprecating twice changes nothing. */
    public Agent deprecate(String id) {
        AgentEntity entity = agents.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Agent " + id));
        entity.status = AgentStatus.DEPRECATED;
        return entity.toAgent();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AgentVersion> versions(String id, PageQuery page) {
        if (agents.findByIdOptional(id).isEmpty()) {
            throw ApiException.notFound("Agent " + id);
        }
        PanacheQuery<AgentVersionEntity> query = versions.history(id, page);
        return Page.of(query.list().stream()
                .map(version -> new AgentVersion(version.agentId, version.version, version.publishedAt, version.definition))
                .toList(), page, query.count());
    }

    /** The name check above can race with another rename; the unique key then decides, and the loser gets 409. */
    private void flushName(String name) {
        try {
            agents.flush();
        } catch (ConstraintViolationException e) {
            if (!NAME_KEY.equals(e.getConstraintName())) {
                throw e;
            }
            throw conflict("name", "An agent named " + name + " already exists");
        }
    }

    private static ApiException conflict(String field, String message) {
        return new ApiException(409, ErrorCode.CONFLICT, message, Map.of("field", field));
    }
}
