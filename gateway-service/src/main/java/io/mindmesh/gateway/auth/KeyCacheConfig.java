package io.mindmesh.gateway.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "gateway.key-cache")
public interface KeyCacheConfig {

    /**
     * How long a key looked up in PostgreSQL is trusted without reading it again. This bounds how
     * long a key revoked on another replica keeps working there, so it must stay at most 1 s.
     */
    @WithDefault("500ms")
    Duration ttl();

    /** Keys kept at most; when full, further keys are simply read from PostgreSQL each time. */
    @WithDefault("10000")
    int maxSize();
}
