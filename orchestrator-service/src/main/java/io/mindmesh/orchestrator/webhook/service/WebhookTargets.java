package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Applies the {@link AddressPolicy} to webhook URLs: at submission (a refused URL is a 400) and again
 * at every delivery, on the address the sender then connects to, so that a name re-pointed at an
 * internal address after the submission (DNS rebinding) is refused too.
 */
@ApplicationScoped
public class WebhookTargets {

    /** Resolves a host name; the real DNS in production, replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final AddressPolicy policy;
    private final Resolver resolver;

    @Inject
    public WebhookTargets(OrchestratorConfig config) {
        this(AddressPolicy.allowing(config.webhooks().allowedHosts().orElse(List.of())), InetAddress::getAllByName);
    }

    public WebhookTargets(AddressPolicy policy, Resolver resolver) {
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

    /**
     * The address to connect to for {@code url}: every address the host resolves to must be allowed
     * (a name with one public and one internal address is refused), and the first one is used.
     */
    public InetAddress address(URI url) throws RefusedTargetException {
        String host = url.getHost();
        if (host == null) {
            throw new RefusedTargetException("the URL has no host", false);
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new RefusedTargetException("host " + bare + " could not be resolved", true);
        }
        for (InetAddress address : addresses) {
            var refusal = policy.refusal(bare, address);
            if (refusal.isPresent()) {
                throw new RefusedTargetException("host " + bare + " resolves to " + address.getHostAddress() + ", a "
                        + refusal.get() + " address", false);
            }
        }
        return addresses[0];
    }
}
