package io.mindmesh.gateway.auth;

import io.mindmesh.common.request.Caller;
import io.mindmesh.gateway.ratelimit.Limits;
import java.util.Map;

/** The caller behind a valid API key, as forwarded to the services, with its request budget. */
public record AuthenticatedKey(String keyId, String accountId, String tier, String environment, boolean accountActive,
        Limits limits) {

    /** How the services learn who is calling (see {@link Caller}). */
    public Map<String, String> identityHeaders() {
        return Map.of(Caller.ACCOUNT_HEADER, accountId, Caller.TIER_HEADER, tier, Caller.ENVIRONMENT_HEADER,
                environment);
    }
}
