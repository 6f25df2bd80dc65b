package io.mindmesh.orchestrator.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.runtime.AgentResult;
import io.mindmesh.orchestrator.runtime.AgentResult.TokenUsage;
import io.mindmesh.orchestrator.support.TestAgents;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Steps of llm agents: base + tokens × prices per 1000, never above the quote; max_tokens from what the quote leaves. */
class TokenPricingTest {

    /** Base 0.01, quote 0.11, 0.50 per 1000 input and 1.00 per 1000 output tokens, at most 500 output tokens. */
    private static final SelectedAgent AGENT = TestAgents.llm("writer", "{{query}}", 500, "0.11", null);

    private static BigDecimal cost(long in, long out) {
        return Pricing.stepCost(AGENT, new AgentResult(null, BigDecimal.ONE, BigDecimal.valueOf(in + out),
                new TokenUsage(in, out)));
    }

    @Test
    void costIsTheBasePlusTheTokensTimesThePrices() {
        assertEquals(0, new BigDecimal("0.0215").compareTo(cost(9, 7)));
        assertEquals(0, new BigDecimal("0.0105").compareTo(cost(1, 0)), "one input token: 0.0005, kept exactly");
        assertEquals(0, new BigDecimal("0.01").compareTo(cost(0, 0)));
    }

    @Test
    void anOverReportedUsageCostsTheQuote() {
        assertEquals(0, new BigDecimal("0.11").compareTo(cost(10, 1_000_000)));
    }

    @Test
    void theOutputLimitIsWhatTheQuoteLeavesAfterThePrompt() {
        assertEquals(95, Pricing.affordableOutputTokens(AGENT, 10), "0.11 - 0.01 - 10 × 0.0005 = 0.095 pays 95 tokens");
        assertEquals(500, Pricing.affordableOutputTokens(TestAgents.llm("writer", "{{query}}", 500, "5", null), 10),
                "a generous quote: the agent's own limit");
        assertEquals(0, Pricing.affordableOutputTokens(AGENT, 200_001), "the prompt alone costs more than the quote");
    }

    @Test
    void noAffordableAnswerCostsMoreThanTheQuote() {
        Random random = new Random(16);
        for (int i = 0; i < 2000; i++) {
            String quote = BigDecimal.valueOf(10_000 + random.nextInt(200_000), 6).toPlainString();
            SelectedAgent agent = TestAgents.llm("writer", "{{query}}", 1 + random.nextInt(100_000), quote, null);
            long prompt = random.nextInt(50_000);
            long out = Pricing.affordableOutputTokens(agent, prompt);
            BigDecimal raw = new BigDecimal("0.01").add(BigDecimal.valueOf(prompt).multiply(new BigDecimal("0.0005")))
                    .add(BigDecimal.valueOf(out).multiply(new BigDecimal("0.001")));
            if (out > 0) {
                assertEquals(true, raw.compareTo(new BigDecimal(quote)) <= 0, quote + " " + prompt + " " + out);
                BigDecimal oneMore = raw.add(new BigDecimal("0.001"));
                assertEquals(true, out == agent.runtime().llm().maxOutputTokens()
                        || oneMore.compareTo(new BigDecimal(quote)) > 0, "the limit is the most the quote pays");
            }
        }
    }
}
