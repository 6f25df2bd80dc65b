package io.mindmesh.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

@ConfigMapping(prefix = "gateway.downstream")
public interface GatewayConfig {

    Target orchestrator();

    Target registry();

    Target wallet();

    Target analytics();

    /**
     * How long a synchronous run ({@link Route.TimeoutClass#LONG_RUNNING}) may take before 503,
     * whatever the owning service's own timeout. The wait holds no thread.
     */
    @WithDefault("15m")
    Duration longRunningTimeout();

    /**
     * Pooled keep-alive connections to each service, per event loop (each loop keeps its own, see
     * {@code Forwarder}). A request that finds them all busy waits for one (holding no thread);
     * synchronous runs hold theirs until they finish.
     */
    @WithDefault("256")
    int maxConnections();

    interface Target {
        /** Base URL of the service, e.g. {@code http://orchestrator-service:8081}. */
        URI url();

        /** How long the gateway waits for the whole response before answering 503. */
        @WithDefault("15s")
        Duration timeout();
    }
}
