package io.mindmesh.orchestrator.registry.client;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The registry as the orchestrator uses it. A selection is a pure read, so it is retried; when the
 * registry stays unreachable or failing, the caller gets 503 {@code SERVICE_UNAVAILABLE}.
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
        LOG.warnf("Agent registry unavailable: %s", cause.toString());
        throw ApiException.unavailable("The agent registry is temporarily unavailable; please retry shortly",
                RETRY_AFTER_SECONDS);
    }
}
