package io.mindmesh.gateway.security;

import io.quarkus.oidc.client.runtime.AbstractTokensProducer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own client-credentials access token, for the forwarder's raw HTTP calls (the REST
 * clients get the same token through {@code @OidcClientFilter}). The OIDC client caches it and
 * fetches a new one shortly before it expires.
 */
@ApplicationScoped
public class ServiceToken extends AbstractTokensProducer {

    /** Blocks while a token is fetched; throws {@code OidcClientException} when Keycloak cannot issue one. */
    public String authorization() {
        return "Bearer " + awaitTokens().getAccessToken();
    }
}
