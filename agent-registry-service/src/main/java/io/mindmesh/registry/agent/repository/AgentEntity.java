package io.mindmesh.registry.agent.repository;

import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.LlmSettings;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code agents}: the current version of an agent. Never leaves the service. */
@Entity
@Table(name = "agents")
public class AgentEntity {

    @Id
    public String id;

    public String name;

    @Column(name = "display_name")
    public String displayName;

    public String vertical;

    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> capabilities;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> consumes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> produces;

    @Column(name = "base_price")
    public BigDecimal basePrice;

    @Column(name = "variable_price")
    public BigDecimal variablePrice;

    @Column(name = "pricing_unit")
    public String pricingUnit;

    @Column(name = "typical_units")
    public int typicalUnits;

    @Column(name = "runtime_type")
    public String runtimeType;

    @Column(name = "runtime_endpoint")
    public String runtimeEndpoint;

    @Column(name = "runtime_timeout_ms")
    public Integer runtimeTimeoutMs;

    @Column(name = "runtime_latency_ms")
    public Integer runtimeLatencyMs;

    @Column(name = "runtime_failure_rate")
    public Double runtimeFailureRate;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "runtime_llm")
    public LlmSettings runtimeLlm;

    @Column(name = "typical_latency_ms")
    public int typicalLatencyMs;

    public String status;

    public int version;

    // Both timestamps are set by the database (default and trigger).
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    /** Set by the database on every insert and update; see {@link CatalogFingerprint}. */
    @Column(insertable = false, updatable = false)
    public long revision;

    /** Takes the agent's definition; identity, status and version are the caller's business. */
    public void define(Agent agent) {
        name = agent.name();
        displayName = agent.displayName();
        vertical = agent.vertical();
        description = agent.description();
        capabilities = agent.capabilities();
        consumes = agent.consumes();
        produces = agent.produces();
        basePrice = agent.pricing().basePrice();
        variablePrice = agent.pricing().variablePrice();
        pricingUnit = agent.pricing().unit();
        typicalUnits = agent.pricing().typicalUnits();
        runtimeType = agent.runtime().type();
        runtimeEndpoint = agent.runtime().endpoint();
        runtimeTimeoutMs = agent.runtime().timeoutMs();
        runtimeLatencyMs = agent.runtime().latencyMs();
        runtimeFailureRate = agent.runtime().failureRate();
        runtimeLlm = agent.runtime().llm();
        typicalLatencyMs = agent.typicalLatencyMs();
    }

    public Agent toAgent() {
        return new Agent(id, name, displayName, vertical, capabilities, description, consumes, produces,
                new Agent.Pricing(basePrice, variablePrice, pricingUnit, typicalUnits),
                new Agent.Runtime(runtimeType, runtimeEndpoint, runtimeTimeoutMs, runtimeLatencyMs, runtimeFailureRate,
                        runtimeLlm),
                typicalLatencyMs, status, version, createdAt);
    }
}
