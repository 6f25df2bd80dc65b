package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies the {@link AddressPolicy} to webhook URLs: at submission (a refused URL is a 400) and again
 * at every delivery, on the address the sender then connects to, so that a name re-pointed at an
 * internal address after the submission (DNS rebinding) is refused too.
 */
@ApplicationScoped
public class WebhookTargets {

    private static final Logger LOG = Logger.getLogger(WebhookTargets.class);

    private final AddressPolicy policy;
    private final AddressPolicy.Resolver resolver;

    @Inject
    public WebhookTargets(OrchestratorConfig config) {
        this(AddressPolicy.allowing(config.webhooks().allowedHosts().orElse(List.of())), InetAddress::getAllByName);
    }

    public WebhookTargets(AddressPolicy policy, AddressPolicy.Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * 400 {@code INVALID_REQUEST} on {@code webhook.url} when the URL may not be called. A name that
     * does not resolve yet is accepted: DNS may be down for a moment or the receiver not set up yet,
     * and every attempt checks the address again.
     */
    public void checkSubscription(String url) {
        try {
            address(URI.create(url));
        } catch (RefusedTargetException e) {
            if (!e.unresolved()) {
                throw ApiException.invalid("webhook.url", "webhook.url is not allowed: " + e.getMessage());
            }
        }
    }

    /** The address to connect to for {@code url} (see {@link AddressPolicy#address}). */
    public InetAddress address(URI url) throws RefusedTargetException {
        try {
            return policy.address(url, resolver);
        } catch (RefusedTargetException e) {
            LOG.debugf("Webhook target refused: %s", e.detail());
            throw e;
        }
    }
}
