package io.mindmesh.registry.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An agent of the catalog, in its current version. The same shape is read from the demo catalog
 * file, so {@code createdAt} is absent there and {@code status} and {@code version} may be.
 */
public record Agent(
        String id,
        String name,
        String displayName,
        String vertical,
        List<String> capabilities,
        String description,
        List<String> consumes,
        List<String> produces,
        Pricing pricing,
        Runtime runtime,
        int typicalLatencyMs,
        String status,
        Integer version,
        Instant createdAt) {

    public Agent {
        capabilities = List.copyOf(capabilities);
        consumes = consumes == null ? List.of() : List.copyOf(consumes);
        produces = produces == null ? List.of() : List.copyOf(produces);
        status = status == null ? AgentStatus.ACTIVE : status;
        version = version == null ? 1 : version;
    }

    public boolean active() {
        return AgentStatus.ACTIVE.equals(status);
    }

    /**
     * A base price per call plus a variable price per unit of usage ({@code unit}, for example
     * {@code 1k_tokens}); {@code typicalUnits} is the usage of a typical call.
     */
    public record Pricing(BigDecimal basePrice, BigDecimal variablePrice, String unit, int typicalUnits) {

        /** What a typical call costs: basePrice + variablePrice × typicalUnits, kept to 6 decimals. */
        public BigDecimal estimatedCost() {
            return Money.of(basePrice.add(variablePrice.multiply(BigDecimal.valueOf(typicalUnits))));
        }
    }

    /**
     * How the orchestrator runs the agent: {@code http} (endpoint and timeoutMs),
     * {@code simulated} (built in; latencyMs and failureRate shape the simulation) or {@code llm}
     * (a model of a configured provider, {@code llm}; sandbox callers get the simulation).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Runtime(String type, String endpoint, Integer timeoutMs, Integer latencyMs, Double failureRate,
            LlmSettings llm) {

        public Runtime(String type, String endpoint, Integer timeoutMs, Integer latencyMs, Double failureRate) {
            this(type, endpoint, timeoutMs, latencyMs, failureRate, null);
        }
    }
}
