package io.mindmesh.gateway.auth;

/** The caller behind a valid API key, as forwarded to the services. */
public record AuthenticatedKey(String keyId, String accountId, String tier, String environment, boolean accountActive) {
}
