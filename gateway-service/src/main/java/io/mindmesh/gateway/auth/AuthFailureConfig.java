package io.mindmesh.gateway.auth;

import io.smallrye.config.ConfigMapping;

/** Set in application.properties (one place for the values); see {@link FailedAuthentications}. */
@ConfigMapping(prefix = "gateway.auth-failures")
public interface AuthFailureConfig {

    /** Failed authentications a client address may have per minute before further failures get 429. */
    int perMinute();

    /** Client addresses tracked at most; beyond that, new addresses share one budget. */
    int maxClients();
}
