package io.mindmesh.orchestrator.llmprovider.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.llmprovider.LlmProvider;
import io.mindmesh.orchestrator.llmprovider.ProviderSource;
import io.mindmesh.orchestrator.llmprovider.StoredProvider;
import io.mindmesh.orchestrator.llmprovider.repository.LlmProviderRepository;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The one lookup of LLM providers: those of configuration ({@code orchestrator.llm.providers}, Helm
 * {@code llm.providers}) and those operators manage through the admin API ({@code llm_providers}).
 * A configured name wins over a stored one. The table is read at most every
 * {@code orchestrator.llm.provider-cache-ttl} (10 s) per replica, so a change made through any replica
 * takes effect everywhere within that time, and at once on the replica that made it.
 */
@ApplicationScoped
public class LlmProviders {

    private static final Logger LOG = Logger.getLogger(LlmProviders.class);

    private final Map<String, LlmProvider> configured;
    private final List<String> allowedHosts;
    private final Duration ttl;
    private final LlmProviderRepository repository;
    private final ProviderKeys keys;
    private final Counter reloadFailures;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Snapshot snapshot;

    /** The stored providers as last read, and when (System.nanoTime). */
    private record Snapshot(Map<String, LlmProvider> providers, long readAt) {
    }

    public LlmProviders(OrchestratorConfig config, LlmProviderRepository repository, ProviderKeys keys,
            MeterRegistry metrics) {
        this.allowedHosts = config.llm().allowedHosts().orElse(List.of());
        this.ttl = config.llm().providerCacheTtl();
        this.repository = repository;
        this.keys = keys;
        AddressPolicy policy = AddressPolicy.allowing(allowedHosts);
        SortedMap<String, LlmProvider> fromConfig = new TreeMap<>();
        config.llm().providers().forEach((name, provider) -> fromConfig.put(name, new LlmProvider(name,
                provider.baseUrl(), provider.apiKey(), provider.timeout(), provider.maxRetries(), policy,
                ProviderSource.CONFIG, 0)));
        this.configured = Collections.unmodifiableSortedMap(fromConfig);
        this.reloadFailures = Counter.builder("mindmesh.llm.providers.reload.failures")
                .description("Reads of the API-managed LLM providers that failed (the previous read stays in use)")
                .register(metrics);
    }

    /** The provider an llm agent names, or empty when there is none (never configured, or deleted). */
    public Optional<LlmProvider> find(String name) {
        LlmProvider provider = configured.get(name);
        return provider != null ? Optional.of(provider) : Optional.ofNullable(stored().get(name));
    }

    public boolean isConfigured(String name) {
        return configured.containsKey(name);
    }

    /** The configured providers, by name. */
    public List<LlmProvider> configured() {
        return List.copyOf(configured.values());
    }

    /** An API-managed provider as the runtime calls it; its key decrypted. */
    LlmProvider toRuntime(StoredProvider row) {
        return new LlmProvider(row.name, row.baseUrl, Optional.ofNullable(keys.decrypt(row.name, row.apiKey)),
                Duration.ofMillis(row.timeoutMs), row.maxRetries, policyWith(row.allowedHost), ProviderSource.API,
                row.version);
    }

    /** The address policy of a provider with this allowed host ({@code null} for none). */
    AddressPolicy policyWith(String allowedHost) {
        List<String> allowed = new ArrayList<>(allowedHosts);
        if (allowedHost != null) {
            allowed.add(allowedHost);
        }
        return AddressPolicy.allowing(allowed);
    }

    /** Forget the last read: called after this replica changed the table, once the change is committed. */
    void invalidate() {
        snapshot = null;
    }

    private Map<String, LlmProvider> stored() {
        Snapshot current = snapshot;
        if (fresh(current)) {
            return current.providers();
        }
        loading.lock();
        try {
            current = snapshot;
            if (!fresh(current)) {
                current = read(current);
                snapshot = current;
            }
            return current.providers();
        } finally {
            loading.unlock();
        }
    }

    private boolean fresh(Snapshot current) {
        return current != null && System.nanoTime() - current.readAt() < ttl.toNanos();
    }

    /** Reads the table; when that fails, keeps what was read before (for another ttl) rather than losing every provider. */
    private Snapshot read(Snapshot previous) {
        try {
            List<StoredProvider> rows = QuarkusTransaction.requiringNew().call(repository::all);
            Map<String, LlmProvider> providers = new LinkedHashMap<>();
            for (StoredProvider row : rows) {
                try {
                    providers.put(row.name, toRuntime(row));
                } catch (IllegalStateException e) {
                    // The key does not decrypt (orchestrator.webhooks.secret-key changed): the provider is unusable.
                    LOG.errorf("LLM provider %s is skipped: %s", row.name, e.getMessage());
                }
            }
            return new Snapshot(Map.copyOf(providers), System.nanoTime());
        } catch (RuntimeException e) {
            reloadFailures.increment();
            LOG.warnf("Could not read the LLM providers (%s); using the previous read", e.toString());
            return new Snapshot(previous == null ? Map.of() : previous.providers(), System.nanoTime());
        }
    }
}
