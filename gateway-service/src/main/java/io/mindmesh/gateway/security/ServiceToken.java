package io.mindmesh.gateway.security;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.AbstractTokensProducer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's own client-credentials access token, for the forwarder's raw HTTP calls (the REST
 * clients get the same token through {@code @OidcClientFilter}). The OIDC client caches it and
 * fetches a new one shortly before it expires.
 *
 * <p>A Keycloak that accepts the connection and never answers would hold every request that needs
 * a new token for as long as the connection stays open, so the wait is bounded by
 * {@code gateway.service-token.timeout}; past it the request is answered 503 like any other
 * failure to get a token ({@link #unavailable}).
 */
@ApplicationScoped
public class ServiceToken extends AbstractTokensProducer {

    private static final Logger LOG = Logger.getLogger(ServiceToken.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    GatewayMetrics metrics;

    private volatile Issued last;

    @Inject
    @ConfigProperty(name = "gateway.service-token.timeout", defaultValue = "3s")
    Duration timeout;

    /**
     * The {@code Authorization} value: at once while the cached token is fresh, otherwise when
     * Keycloak has issued a new one, without holding a thread; fails with {@code OidcClientException}
     * when Keycloak cannot issue one in time.
     */
    public Uni<String> authorization() {
        return getTokens().map(tokens -> {
                    Issued issued = new Issued(tokens, "Bearer " + tokens.getAccessToken());
                    last = issued;
                    return issued.authorization();
                })
                .ifNoItem().after(timeout).failWith(() -> new OidcClientException(
                        "Keycloak issued no service token within " + timeout.toMillis() + " ms"))
                .onFailure(OidcClientException.class).transform(this::unavailable);
    }

    /**
     * The {@code Authorization} value of the last token while the OIDC client would still hand it
     * out itself (not expired, not due for a refresh), or null when {@link #authorization()} must
     * be asked: the forward's common case without a {@link Uni} per request.
     */
    public String cachedAuthorization() {
        Issued issued = last;
        return issued != null && issued.fresh() ? issued.authorization() : null;
    }

    private record Issued(Tokens tokens, String authorization) {
        boolean fresh() {
            return !tokens.isAccessTokenExpired() && !tokens.isAccessTokenWithinRefreshInterval();
        }
    }

    /**
     * Without a service token no service will answer, so a token that cannot be fetched (Keycloak
     * down or refusing the gateway's secret) is the platform being unavailable: 503 with Retry-After.
     */
    ApiException unavailable(Throwable failure) {
        LOG.warnf("No service token from Keycloak: %s", failure.getMessage());
        metrics.serviceTokenFailure();
        return ApiException.unavailable("The platform cannot authenticate to its services right now; retry shortly",
                RETRY_AFTER_SECONDS);
    }
}
