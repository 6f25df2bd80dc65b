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

    /**
     * How long a hash that matched no usable key is answered 401 without reading PostgreSQL again.
     * Any length is safe (see {@link KeyCache}); it bounds the reads a flood of one bad key causes.
     */
    Duration unknownTtl();

    /**
     * Keys kept at most, and unusable hashes remembered at most; when full, further ones are simply
     * read from PostgreSQL each time.
     */
    int maxSize();
}
