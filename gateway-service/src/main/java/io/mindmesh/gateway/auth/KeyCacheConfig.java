package io.mindmesh.gateway.auth;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Set in application.properties (one place for the values). */
@ConfigMapping(prefix = "gateway.key-cache")
public interface KeyCacheConfig {

    /**
     * How long a key looked up in PostgreSQL is trusted without reading it again. This bounds how
     * long a key revoked on another replica keeps working there, so it must stay at most 1 s.
     */
    Duration ttl();

    /** Keys kept at most; when full, further keys are simply read from PostgreSQL each time. */
    int maxSize();
}
