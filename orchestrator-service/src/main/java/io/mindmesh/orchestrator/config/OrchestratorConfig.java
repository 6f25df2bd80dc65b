package io.mindmesh.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** Every orchestrator setting, under the {@code orchestrator.} prefix. */
@ConfigMapping(prefix = "orchestrator")
public interface OrchestratorConfig {

    /** Where the gateway is reachable from outside: the base of {@code statusUrl}. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** Named in the suggestion of a {@code NO_AGENTS_AVAILABLE} answer. */
    @WithDefault("support@mindmesh.local")
    String supportEmail();

    Tiers tiers();

    SchedulerSettings scheduler();

    Engine engine();

    HttpRuntime httpRuntime();

    Simulated simulated();

    Outbox outbox();

    Metrics metrics();

    interface Tiers {
        Tier developer();

        Tier business();

        Tier enterprise();
    }

    /** Seed 001's per-tier rules. The values live in application.properties, one block per tier. */
    interface Tier {
        BigDecimal platformFeeRate();

        BigDecimal minimumFee();

        int maxConcurrent();

        int queueSize();
    }

    interface SchedulerSettings {
        @WithDefault("0.25s")
        Duration claimInterval();

        @WithDefault("10")
        int claimBatch();

        /** Executions one replica runs at the same time, whatever their accounts. */
        @WithDefault("20")
        int maxRunning();

        @WithDefault("30s")
        Duration leaseDuration();

        @WithDefault("5s")
        Duration heartbeatInterval();

        @WithDefault("5s")
        Duration reaperInterval();

        /** The {@code retryAfter} given to a submission refused because the account's queue is full. */
        @WithDefault("10s")
        Duration queueRetryAfter();
    }

    interface Engine {
        /** Agents of one execution that run at the same time (PARALLEL and DAG). */
        @WithDefault("10")
        int maxParallelSteps();

        /** Attempts per step, the first included; a retry is a fresh agent call. */
        @WithDefault("2")
        int stepAttempts();

        /** Wait before the second attempt; doubled for each further attempt. */
        @WithDefault("0.2s")
        Duration retryBackoff();

        /** Longest a claimed execution may run; then its agent calls are stopped and it fails with EXECUTION_TIMEOUT. */
        @WithDefault("10m")
        Duration executionTimeout();
    }

    interface HttpRuntime {
        /** For agents whose runtime declares no {@code timeoutMs}. */
        @WithDefault("30s")
        Duration defaultTimeout();

        @WithDefault("1048576")
        int maxResponseBytes();

        CircuitBreaker circuitBreaker();
    }

    /** One breaker per http agent: it opens when {@code failureRatio} of the last {@code requestVolume} calls failed. */
    interface CircuitBreaker {
        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("10")
        int requestVolume();

        /** How long an open breaker refuses calls before letting a trial call through. */
        @WithDefault("30s")
        Duration delay();
    }

    interface Simulated {
        /** Multiplies every simulated agent's latency: 0 for instant agents, 1 for the catalog's latency. */
        @WithDefault("1.0")
        double latencyScale();
    }

    interface Outbox {
        @WithDefault("0.2s")
        Duration relayInterval();

        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for the broker's acknowledgement of one batch. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface Metrics {
        @WithDefault("5s")
        Duration refreshInterval();
    }
}
