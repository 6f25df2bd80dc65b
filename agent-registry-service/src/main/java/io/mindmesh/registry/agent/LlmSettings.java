package io.mindmesh.registry.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.money.Money;
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

/**
 * The model side of an {@code llm} runtime: which provider (configured in the orchestrator) and
 * model answer, the prompt templates, the sampling settings and the token prices. The templates
 * may use {@code {{query}}}, {@code {{instructions}}}, {@code {{context}}},
 * {@code {{upstream->agent-name}}} and {@code {{$launchVariables->NAME}}}; the orchestrator fills
 * them in (its README, "Agent protocol"). Prices are USD per 1000 tokens, 6 decimals at most.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LlmSettings(
        @NotNull(message = "is required")
        @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be a provider name: lower-case words joined by hyphens")
        @Size(max = 64, message = "must be at most 64 characters")
        String provider,
        @NotBlank(message = "is required")
        @Size(max = 200, message = "must be at most 200 characters")
        String model,
        @Size(max = 20_000, message = "must be at most 20000 characters")
        String systemPrompt,
        @NotBlank(message = "is required")
        @Size(max = 20_000, message = "must be at most 20000 characters")
        String userPrompt,
        @DecimalMin(value = "0", message = "must be between 0 and 2")
        @DecimalMax(value = "2", message = "must be between 0 and 2")
        BigDecimal temperature,
        @NotNull(message = "is required")
        @Min(value = 1, message = "must be between 1 and 1000000")
        @Max(value = 1_000_000, message = "must be between 1 and 1000000")
        Integer maxOutputTokens,
        JsonNode responseSchema,
        @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be 0 or more")
        @Digits(integer = 14, fraction = Money.SCALE, message = "must have at most 14 digits before and 6 after the decimal point")
        BigDecimal inputPricePer1k,
        @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be 0 or more")
        @Digits(integer = 14, fraction = Money.SCALE, message = "must have at most 14 digits before and 6 after the decimal point")
        BigDecimal outputPricePer1k,
        Boolean stream) {
}
