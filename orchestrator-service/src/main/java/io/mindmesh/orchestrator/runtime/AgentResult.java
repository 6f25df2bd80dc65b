package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * What an agent answered.
 *
 * @param confidence the agent's confidence in its output, in [0, 1]
 * @param units      the work it did, in its pricing unit; the step costs {@code basePrice + variablePrice × units}
 * @param tokens     for a model ({@code llm} runtime): the tokens the endpoint reported, which price the
 *                   step instead of {@code units}; null for other runtimes
 */
public record AgentResult(JsonNode output, BigDecimal confidence, BigDecimal units, TokenUsage tokens) {

    public AgentResult(JsonNode output, BigDecimal confidence, BigDecimal units) {
        this(output, confidence, units, null);
    }

    /** Input (prompt) and output (completion) tokens as a Chat Completions endpoint reports them. */
    public record TokenUsage(long inputTokens, long outputTokens) {

        public long total() {
            return inputTokens + outputTokens;
        }
    }
}
