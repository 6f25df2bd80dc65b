package io.mindmesh.gateway.routing;

/** The services behind the gateway; which paths each one owns is in {@link Routes}. */
public enum Downstream {
    ORCHESTRATOR,
    REGISTRY,
    WALLET,
    ANALYTICS;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** Its name in metrics, traces and messages. */
    public String label() {
        return label;
    }

    GatewayConfig.Target target(GatewayConfig config) {
        return switch (this) {
            case ORCHESTRATOR -> config.orchestrator();
            case REGISTRY -> config.registry();
            case WALLET -> config.wallet();
            case ANALYTICS -> config.analytics();
        };
    }
}
