package io.mindmesh.orchestrator.pricing;

import java.math.BigDecimal;

/**
 * What a tier allows and costs (docs/public-api.md#concurrency-and-queues,
 * docs/public-api.md#pricing).
 *
 * @param name            developer, business or enterprise
 * @param platformFeeRate the platform fee as a fraction of agent costs (0.10 for 10%)
 * @param minimumFee      the smallest fee charged when agent costs are above zero
 * @param maxConcurrent   executions of one account running at the same time
 * @param queueSize       executions of one account waiting to run
 */
public record TierRules(String name, BigDecimal platformFeeRate, BigDecimal minimumFee, int maxConcurrent,
        int queueSize) {
}
