package io.mindmesh.registry.agent.repository;

import io.mindmesh.registry.agent.AgentDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code agent_versions}: one published definition of an agent, never changed afterwards. */
@Entity
@Table(name = "agent_versions")
@IdClass(AgentVersionEntity.Key.class)
public class AgentVersionEntity {

    @Id
    @Column(name = "agent_id")
    public String agentId;

    @Id
    public int version;

    @JdbcTypeCode(SqlTypes.JSON)
    public AgentDefinition definition;

    // Set by the database.
    @Column(name = "published_at", insertable = false, updatable = false)
    public Instant publishedAt;

    public static AgentVersionEntity of(String agentId, int version, AgentDefinition definition) {
        AgentVersionEntity entity = new AgentVersionEntity();
        entity.agentId = agentId;
        entity.version = version;
        entity.definition = definition;
        return entity;
    }

    public static class Key implements Serializable {

        public String agentId;
        public int version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(agentId, key.agentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentId, version);
        }
    }
}
