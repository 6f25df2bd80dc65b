package io.mindmesh.gateway.routing;

/** The services behind the gateway; which paths each one owns is in {@link Routes}. */
public enum Downstream {
    ORCHESTRATOR,
    REGISTRY,
    WALLET,
    ANALYTICS;

    GatewayConfig.Target target(GatewayConfig config) {
        return switch (this) {
            case ORCHESTRATOR -> config.orchestrator();
            case REGISTRY -> config.registry();
            case WALLET -> config.wallet();
            case ANALYTICS -> config.analytics();
        };
    }
}
