package io.mindmesh.orchestrator.registry.client;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.CatalogApp;
import io.mindmesh.orchestrator.registry.ResolvedWorkflow;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The registry as the orchestrator uses it. A selection is a pure read, so it is retried; when the
 * registry stays unreachable or failing, the caller gets 503 {@code SERVICE_UNAVAILABLE}. The
 * catalog reads (workflows, apps) are retried the same way, except that the registry's 404 is the
 * caller's 404 at once: it is an answer, not a failure.
 */
@ApplicationScoped
public class RegistryClient {

    /** Seconds a caller should wait before retrying while the registry is down (the breaker's delay). */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(RegistryClient.class);

    private final RegistryApi api;

    public RegistryClient(@RestClient RegistryApi api) {
        this.api = api;
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L)
    @Fallback(fallbackMethod = "unavailable")
    public Selection select(SelectionRequest request) {
        return api.select(request);
    }

    Selection unavailable(SelectionRequest request, Throwable cause) {
        throw down(cause);
    }

    /** A workflow with its agents' current definitions; 404 names the workflow when the catalog has none. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L,
            skipOn = ApiException.class)
    @Fallback(fallbackMethod = "workflowUnavailable", skipOn = ApiException.class)
    public ResolvedWorkflow resolvedWorkflow(String slug) {
        return found(() -> api.resolvedWorkflow(slug), "Workflow " + slug);
    }

    ResolvedWorkflow workflowUnavailable(String slug, Throwable cause) {
        throw down(cause);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L,
            skipOn = ApiException.class)
    @Fallback(fallbackMethod = "appUnavailable", skipOn = ApiException.class)
    public CatalogApp app(String appId) {
        return found(() -> api.app(appId), "App " + appId);
    }

    CatalogApp appUnavailable(String appId, Throwable cause) {
        throw down(cause);
    }

    /** The app's workflow named {@code workflow} (its slug or name, {@code .flow} ignored), resolved. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L,
            skipOn = ApiException.class)
    @Fallback(fallbackMethod = "appWorkflowUnavailable", skipOn = ApiException.class)
    public ResolvedWorkflow resolvedAppWorkflow(String appId, String workflow) {
        return found(() -> api.resolvedAppWorkflow(appId, workflow), "Workflow " + workflow + " of app " + appId);
    }

    ResolvedWorkflow appWorkflowUnavailable(String appId, String workflow, Throwable cause) {
        throw down(cause);
    }

    /** The key the orchestrator signs its calls to the agent with (see the agent protocol). */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ApiException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS * 1000L,
            skipOn = ApiException.class)
    @Fallback(fallbackMethod = "signingSecretUnavailable", skipOn = ApiException.class)
    public String signingSecret(String agentId) {
        return found(() -> api.signingSecret(agentId), "Agent " + agentId).signingSecret();
    }

    String signingSecretUnavailable(String agentId, Throwable cause) {
        throw down(cause);
    }

    private static <T> T found(Supplier<T> read, String what) {
        try {
            return read.get();
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw ApiException.notFound(what);
            }
            throw e;
        }
    }

    private static ApiException down(Throwable cause) {
        LOG.warnf("Agent registry unavailable: %s", cause.toString());
        return ApiException.unavailable("The agent registry is temporarily unavailable; please retry shortly",
                RETRY_AFTER_SECONDS);
    }
}
