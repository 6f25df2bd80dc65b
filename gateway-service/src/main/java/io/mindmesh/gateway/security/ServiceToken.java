package io.mindmesh.gateway.security;

import io.quarkus.oidc.client.runtime.AbstractTokensProducer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own client-credentials access token, for the forwarder's raw HTTP calls (the REST
 * clients get the same token through {@code @OidcClientFilter}). The OIDC client caches it and
 * fetches a new one shortly before it expires.
 */
@ApplicationScoped
public class ServiceToken extends AbstractTokensProducer {

    /**
     * The {@code Authorization} value: at once while the cached token is fresh, otherwise when
     * Keycloak has issued a new one, without holding a thread; fails with {@code OidcClientException}
     * when Keycloak cannot issue one.
     */
    public Uni<String> authorization() {
        return getTokens().map(tokens -> "Bearer " + tokens.getAccessToken());
    }
}
