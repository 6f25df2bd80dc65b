package io.mindmesh.orchestrator.runtime;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Puts a circuit breaker in front of every http agent (one per agent id) and every model (one per
 * provider and model: agents sharing a model share its outages), so that an agent that
 * keeps failing stops being called for a while instead of costing every execution its timeouts and
 * retries. Only failures that mean "the agent is unavailable" (timeouts, connection errors, 5xx:
 * the retryable ones) count; a 4xx or a malformed answer is the agent working and refusing.
 * While a breaker is open, calls fail at once with {@link AgentUnavailable}; after its delay one
 * trial call goes through and closes it again when it succeeds.
 */
public class CircuitBreakingRuntime implements AgentRuntime {

    private final AgentRuntime agents;
    private final OrchestratorConfig.CircuitBreaker config;
    private final Function<SelectedAgent, String> breakerKey;
    private final Map<String, TypedGuard<AgentResult>> breakers = new ConcurrentHashMap<>();

    /** {@code breakerKey}: which breaker guards a call of the agent; calls with the same key share it. */
    public CircuitBreakingRuntime(AgentRuntime agents, OrchestratorConfig.CircuitBreaker config,
            Function<SelectedAgent, String> breakerKey) {
        this.agents = agents;
        this.config = config;
        this.breakerKey = breakerKey;
    }

    @Override
    public AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException {
        try {
            return breaker(breakerKey.apply(call.agent())).call(() -> agents.invoke(call));
        } catch (CircuitBreakerOpenException e) {
            throw new AgentUnavailable(call.agent().name());
        } catch (AgentFailure | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Unexpected failure calling agent " + call.agent().name(), e);
        }
    }

    private TypedGuard<AgentResult> breaker(String key) {
        return breakers.computeIfAbsent(key, id -> TypedGuard.create(AgentResult.class)
                .withDescription(id)
                .withCircuitBreaker()
                .requestVolumeThreshold(config.requestVolume())
                .failureRatio(config.failureRatio())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                .when(failure -> failure instanceof AgentFailure agentFailure && agentFailure.retryable())
                .done()
                .build());
    }
}
