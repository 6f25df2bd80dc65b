package io.mindmesh.gateway.account;

import io.smallrye.config.ConfigMapping;

/** Set in application.properties (one place for the values). */
@ConfigMapping(prefix = "gateway.api-keys")
public interface ApiKeyLimits {

    /** Keys an account may hold that are not revoked (expired ones count until revoked). */
    int maxPerAccount();
}
