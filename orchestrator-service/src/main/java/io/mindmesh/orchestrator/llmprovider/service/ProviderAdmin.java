package io.mindmesh.orchestrator.llmprovider.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.orchestrator.llmprovider.LlmProvider;
import io.mindmesh.orchestrator.llmprovider.ProviderSource;
import io.mindmesh.orchestrator.llmprovider.ProviderView;
import io.mindmesh.orchestrator.llmprovider.StoredProvider;
import io.mindmesh.orchestrator.llmprovider.repository.LlmProviderRepository;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Operators' management of LLM providers (the admin API): list, create or replace, change, delete.
 * Configured providers are listed but read-only (409). Keys are encrypted before they are stored
 * ({@link ProviderKeys}) and never shown or logged; every change is logged with the operator who made
 * it and counted ({@code mindmesh_llm_provider_changes_total{operation}}).
 */
@ApplicationScoped
public class ProviderAdmin {

    private static final Logger LOG = Logger.getLogger(ProviderAdmin.class);
    /** Lower-case words joined by hyphens, as the names of configured providers. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME = 63;

    /** A provider after a PUT, and whether the PUT created it. */
    public record Saved(ProviderView provider, boolean created) {
    }

    private final LlmProviders providers;
    private final LlmProviderRepository repository;
    private final ProviderKeys keys;
    private final MeterRegistry metrics;
    private final AddressPolicy.Resolver resolver;

    @Inject
    public ProviderAdmin(LlmProviders providers, LlmProviderRepository repository, ProviderKeys keys,
            MeterRegistry metrics) {
        this(providers, repository, keys, metrics, InetAddress::getAllByName);
    }

    ProviderAdmin(LlmProviders providers, LlmProviderRepository repository, ProviderKeys keys, MeterRegistry metrics,
            AddressPolicy.Resolver resolver) {
        this.providers = providers;
        this.repository = repository;
        this.keys = keys;
        this.metrics = metrics;
        this.resolver = resolver;
    }

    /** Configured providers first, then the API-managed ones (a stored name a configured one shadows is left out). */
    public List<ProviderView> list() {
        List<ProviderView> all = new ArrayList<>();
        providers.configured().forEach(provider -> all.add(configuredView(provider)));
        QuarkusTransaction.requiringNew().call(repository::all).stream()
                .filter(row -> !providers.isConfigured(row.name))
                .forEach(row -> all.add(view(row)));
        return all;
    }

    public ProviderView get(String name) {
        checkName(name);
        return providers.configured().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(ProviderAdmin::configuredView)
                .orElseGet(() -> QuarkusTransaction.requiringNew()
                        .call(() -> repository.findByIdOptional(name).map(this::view))
                        .orElseThrow(() -> notFound(name)));
    }

    public Saved put(String name, ObjectNode body, String operator) {
        checkWritable(name);
        ProviderSettings settings = ProviderSettings.of(body);
        checkAddress(settings);
        Saved saved = QuarkusTransaction.requiringNew().call(() -> {
            boolean created = repository.upsert(row(name, settings));
            return new Saved(view(repository.getEntityManager().find(StoredProvider.class, name)), created);
        });
        changed(saved.created() ? "created" : "replaced", name, operator, settings);
        return saved;
    }

    public ProviderView patch(String name, ObjectNode patch, String operator) {
        checkWritable(name);
        ProviderView view = QuarkusTransaction.requiringNew().call(() -> {
            StoredProvider row = repository.locked(name).orElseThrow(() -> notFound(name));
            ProviderSettings settings = settings(row).patchedWith(patch);
            checkAddress(settings);
            row.baseUrl = settings.baseUrl();
            row.apiKey = keys.encrypt(name, settings.apiKey());
            row.timeoutMs = settings.timeoutMs();
            row.maxRetries = settings.maxRetries();
            row.allowedHost = settings.allowedHost();
            row.version = repository.nextVersion();
            row.updatedAt = Instant.now();
            return view(row);
        });
        changed("updated", name, operator, null);
        return view;
    }

    public void delete(String name, String operator) {
        checkWritable(name);
        if (!QuarkusTransaction.requiringNew().call(() -> repository.deleteById(name))) {
            throw notFound(name);
        }
        changed("deleted", name, operator, null);
    }

    private void changed(String operation, String name, String operator, ProviderSettings settings) {
        providers.invalidate();
        metrics.counter("mindmesh.llm.provider.changes", "operation", operation).increment();
        // Never the key: only whether one is set.
        LOG.infof("LLM provider %s %s by operator %s%s", name, operation, operator, settings == null ? ""
                : " (baseUrl " + settings.baseUrl() + ", apiKey " + (settings.apiKey() == null ? "none" : "set") + ")");
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("name", "name must be lower-case letters and digits in words joined by"
                    + " hyphens, at most " + MAX_NAME + " characters, e.g. openai or azure-eu");
        }
    }

    private void checkWritable(String name) {
        checkName(name);
        if (providers.isConfigured(name)) {
            throw new ApiException(409, ErrorCode.CONFLICT, "LLM provider " + name + " is configured"
                    + " (orchestrator.llm.providers, Helm llm.providers) and cannot be changed through the API",
                    Map.of("name", name));
        }
    }

    /**
     * The outbound address policy, applied when the provider is saved so that an operator learns at
     * once that its address would be refused (every call checks again). A name that does not resolve
     * yet is accepted, as for webhooks.
     */
    private void checkAddress(ProviderSettings settings) {
        try {
            providers.policyWith(settings.allowedHost()).address(URI.create(settings.baseUrl()), resolver);
        } catch (RefusedTargetException e) {
            if (!e.unresolved()) {
                LOG.debugf("LLM provider address refused: %s", e.detail());
                throw ApiException.invalid(ProviderSettings.BASE_URL, "baseUrl is not allowed: " + e.getMessage()
                        + "; an internal provider needs its address in allowedHost");
            }
        }
    }

    private ProviderSettings settings(StoredProvider row) {
        return new ProviderSettings(row.baseUrl, keys.decrypt(row.name, row.apiKey), row.timeoutMs, row.maxRetries,
                row.allowedHost);
    }

    private StoredProvider row(String name, ProviderSettings settings) {
        StoredProvider row = new StoredProvider();
        row.name = name;
        row.baseUrl = settings.baseUrl();
        row.apiKey = keys.encrypt(name, settings.apiKey());
        row.timeoutMs = settings.timeoutMs();
        row.maxRetries = settings.maxRetries();
        row.allowedHost = settings.allowedHost();
        return row;
    }

    private ProviderView view(StoredProvider row) {
        String hint;
        try {
            hint = ProviderView.last4(keys.decrypt(row.name, row.apiKey));
        } catch (IllegalStateException e) {
            // Stored under another orchestrator.webhooks.secret-key: still listed, so it can be replaced.
            hint = null;
        }
        return new ProviderView(row.name, ProviderSource.API, row.baseUrl, row.apiKey != null, hint, row.timeoutMs,
                row.maxRetries, row.allowedHost, row.createdAt, row.updatedAt);
    }

    private static ProviderView configuredView(LlmProvider provider) {
        String key = provider.apiKey().orElse(null);
        return new ProviderView(provider.name(), ProviderSource.CONFIG, provider.baseUrl(), key != null,
                ProviderView.last4(key), (int) provider.timeout().toMillis(), provider.maxRetries(), null, null, null);
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("LLM provider " + name);
    }
}
