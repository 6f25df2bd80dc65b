package io.mindmesh.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and timeouts of the relayed server-sent event streams (see {@link StreamLimits}, {@link StreamRelay}). */
@ConfigMapping(prefix = "gateway.streams")
public interface StreamConfig {

    /** Streams one API key may hold open at a time on one gateway replica; one more is a 429. */
    @WithDefault("10")
    int maxPerKey();

    /** Streams all keys of one account may hold open at a time on one gateway replica. */
    @WithDefault("50")
    int maxPerAccount();

    /** The {@code Retry-After} of a stream refused over a limit. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * A stream on which the service sends nothing for this long is closed (the orchestrator sends
     * a heartbeat every 15 s), so a hung service cannot hold a stream, and its slot, for ever.
     */
    @WithDefault("60s")
    Duration idleTimeout();

    /** Connections to each service for streams at most (each open stream holds one). */
    @WithDefault("10000")
    int maxConnections();
}
