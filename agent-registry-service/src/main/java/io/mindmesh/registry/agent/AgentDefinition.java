package io.mindmesh.registry.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.money.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;

/**
 * What an operator publishes for an agent, and what {@code agent_versions} keeps for each version:
 * everything except the lifecycle fields (status, version, timestamps). Bean Validation covers each
 * field; {@link #checkConsistency()} the rules that span fields. The limits mirror the database
 * checks, so a definition that passes is never refused by PostgreSQL.
 */
public record AgentDefinition(
        @Pattern(regexp = ID_PATTERN, message = "must be agent_ followed by 1 to 64 lower-case letters, digits or underscores")
        String id,
        @NotNull(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = SLUG_PATTERN, message = "must be lower-case words joined by single hyphens, e.g. email-campaign-agent")
        String name,
        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        String displayName,
        @NotNull(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = SLUG_PATTERN, message = "must be lower-case words joined by single hyphens, e.g. supply-chain")
        String vertical,
        @NotNull(message = "is required")
        @Size(min = 1, max = 50, message = "must list between 1 and 50 capabilities")
        List<@NotNull(message = "must not be null") @Pattern(regexp = IDENTIFIER_PATTERN, message = IDENTIFIER_MESSAGE) String> capabilities,
        @NotBlank(message = "is required")
        @Size(max = 4000, message = "must be at most 4000 characters")
        String description,
        @Size(max = 50, message = "may list at most 50 values")
        List<@NotNull(message = "must not be null") @Pattern(regexp = IDENTIFIER_PATTERN, message = IDENTIFIER_MESSAGE) String> consumes,
        @Size(max = 50, message = "may list at most 50 values")
        List<@NotNull(message = "must not be null") @Pattern(regexp = IDENTIFIER_PATTERN, message = IDENTIFIER_MESSAGE) String> produces,
        @NotNull(message = "is required") @Valid
        Pricing pricing,
        @NotNull(message = "is required") @Valid
        Runtime runtime,
        @NotNull(message = "is required")
        @Min(value = 1, message = "must be between 1 and 600000")
        @Max(value = 600_000, message = "must be between 1 and 600000")
        Integer typicalLatencyMs) {

    private static final String ID_PATTERN = "agent_[a-z0-9_]{1,64}";
    private static final String SLUG_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";
    private static final String IDENTIFIER_PATTERN = "[a-z][a-z0-9_]{0,63}";
    private static final String IDENTIFIER_MESSAGE = "must be a lower snake_case identifier of at most 64 characters";

    public AgentDefinition {
        consumes = consumes == null ? List.of() : consumes;
        produces = produces == null ? List.of() : produces;
    }

    /**
     * Amounts in USD with at most 6 decimals (they are stored exactly, never rounded); absent
     * variablePrice and typicalUnits mean a flat price per call.
     */
    public record Pricing(
            @NotNull(message = "is required")
            @DecimalMin(value = "0", message = "must be 0 or more")
            @Digits(integer = 14, fraction = Money.SCALE, message = "must have at most 14 digits before and 6 after the decimal point")
            BigDecimal basePrice,
            @DecimalMin(value = "0", message = "must be 0 or more")
            @Digits(integer = 14, fraction = Money.SCALE, message = "must have at most 14 digits before and 6 after the decimal point")
            BigDecimal variablePrice,
            @NotNull(message = "is required")
            @Pattern(regexp = "[a-z0-9][a-z0-9_]{0,63}", message = "must be lower-case letters, digits and underscores, e.g. 1k_tokens")
            String unit,
            @Min(value = 0, message = "must be 0 or more")
            @Max(value = 1_000_000, message = "must be at most 1000000")
            Integer typicalUnits) {

        public Pricing {
            variablePrice = variablePrice == null ? BigDecimal.ZERO : variablePrice;
            typicalUnits = typicalUnits == null ? 0 : typicalUnits;
        }
    }

    /**
     * {@code http}: the orchestrator calls endpoint within timeoutMs. {@code simulated}: built in.
     * {@code llm}: the orchestrator asks a model of a configured provider ({@code llm}), within
     * timeoutMs when given.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Runtime(
            @NotNull(message = "is required")
            @Pattern(regexp = "simulated|http|llm", message = "must be simulated, http or llm")
            String type,
            @Size(max = 2000, message = "must be at most 2000 characters")
            String endpoint,
            @Min(value = 1, message = "must be between 1 and 600000")
            @Max(value = 600_000, message = "must be between 1 and 600000")
            Integer timeoutMs,
            @Min(value = 0, message = "must be between 0 and 600000")
            @Max(value = 600_000, message = "must be between 0 and 600000")
            Integer latencyMs,
            @DecimalMin(value = "0", message = "must be between 0 and 1")
            @DecimalMax(value = "1", message = "must be between 0 and 1")
            @Digits(integer = 1, fraction = 4, message = "must have at most 4 decimals")
            BigDecimal failureRate,
            @Valid
            LlmSettings llm) {
    }

    /** The canonical definition of an agent as stored: what history keeps and a merge patch starts from. */
    public static AgentDefinition of(Agent agent) {
        Agent.Pricing pricing = agent.pricing();
        Agent.Runtime runtime = agent.runtime();
        return new AgentDefinition(agent.id(), agent.name(), agent.displayName(), agent.vertical(),
                agent.capabilities(), agent.description(), agent.consumes(), agent.produces(),
                new Pricing(Money.display(pricing.basePrice()), Money.display(pricing.variablePrice()), pricing.unit(),
                        pricing.typicalUnits()),
                new Runtime(runtime.type(), runtime.endpoint(), runtime.timeoutMs(), runtime.latencyMs(),
                        runtime.failureRate() == null ? null : BigDecimal.valueOf(runtime.failureRate()), runtime.llm()),
                agent.typicalLatencyMs());
    }

    /** This definition as the current version of agent {@code id}; amounts kept to 6 decimals. */
    public Agent toAgent(String id, String status, int version) {
        return new Agent(id, name, displayName, vertical, capabilities, description, consumes, produces,
                new Agent.Pricing(Money.of(pricing.basePrice()), Money.of(pricing.variablePrice()), pricing.unit(),
                        pricing.typicalUnits()),
                new Agent.Runtime(runtime.type(), runtime.endpoint(), runtime.timeoutMs(), runtime.latencyMs(),
                        runtime.failureRate() == null ? null : runtime.failureRate().doubleValue(), runtime.llm()),
                typicalLatencyMs, status, version, null);
    }

    /** The id a new agent gets when the operator gives none: {@code email-campaign} becomes {@code agent_email_campaign}. */
    public String idOrDefault() {
        return id != null ? id : "agent_" + name.replace('-', '_');
    }

    /** Rules spanning several fields; call after Bean Validation passed. */
    public void checkConsistency() {
        distinct("capabilities", capabilities);
        distinct("consumes", consumes);
        distinct("produces", produces);
        if ("http".equals(runtime.type())) {
            if (runtime.endpoint() == null) {
                throw ApiException.invalid("runtime.endpoint", "runtime.endpoint is required for an http runtime");
            }
            if (runtime.timeoutMs() == null) {
                throw ApiException.invalid("runtime.timeoutMs", "runtime.timeoutMs is required for an http runtime");
            }
            if (!isHttpUrl(runtime.endpoint())) {
                throw ApiException.invalid("runtime.endpoint",
                        "runtime.endpoint must be an absolute http or https URL with a host");
            }
        } else if (runtime.endpoint() != null) {
            throw ApiException.invalid("runtime.endpoint", "runtime.endpoint is only used by an http runtime");
        }
        boolean llmRuntime = "llm".equals(runtime.type());
        if (llmRuntime && runtime.llm() == null) {
            throw ApiException.invalid("runtime.llm", "runtime.llm is required for an llm runtime");
        }
        if (!llmRuntime && runtime.llm() != null) {
            throw ApiException.invalid("runtime.llm", "runtime.llm is only used by an llm runtime");
        }
        if (llmRuntime && runtime.llm().responseSchema() != null && !runtime.llm().responseSchema().isObject()) {
            throw ApiException.invalid("runtime.llm.responseSchema", "runtime.llm.responseSchema must be a JSON schema object");
        }
    }

    private static void distinct(String field, List<String> values) {
        if (new HashSet<>(values).size() != values.size()) {
            throw ApiException.invalid(field, field + " must not repeat a value");
        }
    }

    private static boolean isHttpUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
