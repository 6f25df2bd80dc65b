package io.mindmesh.orchestrator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The model side of an {@code llm} agent as the registry publishes it: the provider (one of
 * {@code orchestrator.llm.providers}), the model, the prompt templates, sampling, the optional
 * JSON schema of the answer, and the prices in USD per 1000 input and output tokens.
 */
public record LlmSpec(String provider, String model, String systemPrompt, String userPrompt, BigDecimal temperature,
        Integer maxOutputTokens, JsonNode responseSchema, BigDecimal inputPricePer1k, BigDecimal outputPricePer1k,
        Boolean stream) {

    public LlmSpec {
        // JSON null reads as a NullNode: no schema either way.
        responseSchema = responseSchema == null || responseSchema.isNull() ? null : responseSchema;
        inputPricePer1k = inputPricePer1k == null ? BigDecimal.ZERO : inputPricePer1k;
        outputPricePer1k = outputPricePer1k == null ? BigDecimal.ZERO : outputPricePer1k;
    }
}
