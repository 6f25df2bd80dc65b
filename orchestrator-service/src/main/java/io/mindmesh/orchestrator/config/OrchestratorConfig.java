package io.mindmesh.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    Llm llm();

    Simulated simulated();

    Outbox outbox();

    Metrics metrics();

    Webhooks webhooks();

    Stream stream();

    Runs runs();

    Holds holds();

    interface Tiers {
        Tier developer();

        Tier business();

        Tier enterprise();
    }

    /**
     * A tier's platform fee, concurrency and queue size (docs/public-api.md#pricing,
     * docs/public-api.md#concurrency-and-queues). The values live in application.properties, one
     * block per tier.
     */
    interface Tier {
        BigDecimal platformFeeRate();

        BigDecimal minimumFee();

        int maxConcurrent();

        int queueSize();
    }

    interface SchedulerSettings {
        /**
         * The safety-net poll for queued executions: a submission is handed to a runner at its
         * commit, other replicas are notified, so this only catches what a lost notification missed.
         */
        @WithDefault("1s")
        Duration claimInterval();

        /** Executions claimed per transaction. */
        @WithDefault("50")
        int claimBatch();

        /**
         * Ceiling of executions one replica runs at the same time, whatever their accounts; the
         * accounts' tier limits bind first. Each waits on virtual threads and holds no database
         * connection while its agents work.
         */
        @WithDefault("2000")
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

        /**
         * Hosts and CIDR ranges an http agent may be reached at although they are not public
         * (internal agents); by default only public unicast addresses, as for webhooks.
         */
        Optional<List<String>> allowedHosts();

        /** How long an agent's signing secret read from the registry is used before it is read again. */
        @WithDefault("60s")
        Duration signingSecretTtl();

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
        /**
         * The relay's safety net: how often it looks for unpublished events unasked. A commit that
         * wrote events, on any replica, starts a run at once.
         */
        @WithDefault("1s")
        Duration relayInterval();

        @WithDefault("100")
        int batchSize();

        /**
         * The outbox is relayed in this many lanes by execution, in parallel: each lane by one relay
         * at a time across all replicas, so one execution's events reach Kafka in the order they were
         * written. Every replica must use the same number.
         */
        @WithDefault("4")
        int relayLanes();

        /** How long the relay waits for the broker's acknowledgement of one batch. */
        @WithDefault("10s")
        Duration sendTimeout();

        /**
         * Published events are kept this long (streams replay them, {@code Last-Event-ID} resumes
         * from them), then deleted.
         */
        @WithDefault("72h")
        Duration retention();
    }

    interface Metrics {
        @WithDefault("5s")
        Duration refreshInterval();
    }

    /** Webhook delivery (see the README's Webhooks section). */
    interface Webhooks {
        /** Base64 AES key (16, 24 or 32 bytes) encrypting subscription secrets at rest; required. */
        String secretKey();

        /**
         * Host names or CIDR ranges that deliveries may reach although they are not public
         * unicast addresses (for example a receiver on an internal network).
         */
        Optional<List<String>> allowedHosts();

        @WithDefault("1s")
        Duration dispatchInterval();

        /** Deliveries one replica claims per dispatch run. */
        @WithDefault("20")
        int batchSize();

        /** Time allowed to one attempt: connection, request and answer. */
        @WithDefault("10s")
        Duration attemptTimeout();

        /** The first retry waits at most this long; each further retry up to {@code retry-multiplier} times more. */
        @WithDefault("10s")
        Duration retryBase();

        @WithDefault("3")
        int retryMultiplier();

        /** The longest wait between two attempts. */
        @WithDefault("1h")
        Duration retryCap();

        /** No attempt is made later than this after the event. */
        @WithDefault("24h")
        Duration retryWindow();

        /** Attempts per delivery, the first included. */
        @WithDefault("50")
        int maxAttempts();
    }

    /** Server-sent event streams of executions. */
    interface Stream {
        /**
         * How often an open stream reads the outbox when nothing woke it: a commit of its execution's
         * events wakes it at once (here, or through a PostgreSQL notification from another replica).
         */
        @WithDefault("2s")
        Duration pollInterval();

        /** A comment line is sent after this long without events, so proxies keep the connection. */
        @WithDefault("15s")
        Duration heartbeatInterval();

        /**
         * How long a streaming llm step gathers the tokens it receives before sending them as one
         * {@code step.delta} event (the first token after a quiet spell goes at once).
         */
        @WithDefault("50ms")
        Duration deltaInterval();
    }

    /** Runs of catalog workflows and apps. */
    interface Runs {
        /**
         * How often a replica looks for finished runs: those a synchronous caller waits for, and
         * those whose callback is still to be written.
         */
        @WithDefault("0.2s")
        Duration completionInterval();
    }

    /** Holds in the wallet whose execution was never stored. */
    interface Holds {
        /**
         * How old an unsettled hold must be before it is checked against the executions: far longer
         * than a submission takes from its hold to its insert, so a hold is never released under a
         * submission still on its way.
         */
        @WithDefault("10m")
        Duration orphanAge();

        /** How often a replica looks for such holds. */
        @WithDefault("1m")
        Duration orphanCheckInterval();
    }

    /**
     * The {@code llm} runtime: OpenAI-compatible Chat Completions endpoints, by provider name (what
     * an agent's {@code runtime.llm.provider} names).
     */
    interface Llm {
        Map<String, Provider> providers();

        /**
         * Internal addresses (host names, addresses or CIDR ranges) providers may reach anyway; by
         * default only public addresses, as for webhooks.
         */
        Optional<List<String>> allowedHosts();

        /**
         * How long a replica uses its last read of the providers managed through the admin API:
         * a change made on another replica takes effect here within this time.
         */
        @WithDefault("10s")
        Duration providerCacheTtl();

        /** Breaker per provider and model. */
        CircuitBreaker circuitBreaker();
    }

    interface Provider {
        /** The API's base URL, e.g. {@code https://api.openai.com/v1}. */
        String baseUrl();

        /** The bearer key (Helm: from a Secret); absent for servers that need none (local vLLM, Ollama). */
        Optional<String> apiKey();

        /** Per request, unless the agent's {@code runtime.timeoutMs} says otherwise. */
        @WithDefault("60s")
        Duration timeout();

        /** Retries of 429, 5xx, timeouts and connection errors inside one step attempt, honouring Retry-After. */
        @WithDefault("2")
        int maxRetries();
    }
}
