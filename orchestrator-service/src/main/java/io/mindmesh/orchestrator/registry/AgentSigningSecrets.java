package io.mindmesh.orchestrator.registry;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.runtime.SigningSecretSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents' signing secrets, read from the registry and kept in memory (never stored here) for
 * {@code orchestrator.http-runtime.signing-secret-ttl}: a rotation reaches every replica within
 * that time, during which an agent should accept its former secret too.
 */
@ApplicationScoped
public class AgentSigningSecrets implements SigningSecretSource {

    private record Cached(String secret, Instant readAt) {
    }

    private final RegistryClient registry;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    AgentSigningSecrets(RegistryClient registry, OrchestratorConfig config) {
        this(registry, config.httpRuntime().signingSecretTtl(), Clock.systemUTC());
    }

    AgentSigningSecrets(RegistryClient registry, Duration ttl, Clock clock) {
        this.registry = registry;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The agent's secret; fails (the registry's 503 or 404) when it cannot be had. */
    @Override
    public String secretOf(String agentId) {
        Instant now = clock.instant();
        Cached cached = cache.get(agentId);
        if (cached != null && cached.readAt().plus(ttl).isAfter(now)) {
            return cached.secret();
        }
        String secret = registry.signingSecret(agentId);
        cache.put(agentId, new Cached(secret, now));
        return secret;
    }
}
