package io.mindmesh.gateway.auth;

import io.mindmesh.gateway.ratelimit.Limits;

/** The caller behind a valid API key, as forwarded to the services, with its request budget. */
public record AuthenticatedKey(String keyId, String accountId, String tier, String environment, boolean accountActive,
        Limits limits) {
}
