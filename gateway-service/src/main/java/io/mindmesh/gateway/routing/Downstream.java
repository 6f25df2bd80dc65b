package io.mindmesh.gateway.routing;

import java.util.Optional;

/** The services behind the gateway, and which public paths each one owns. */
public enum Downstream {
    ORCHESTRATOR,
    REGISTRY,
    WALLET,
    ANALYTICS;

    /** The owner of a public path, e.g. {@code /v1/executions/exec_1} belongs to the orchestrator. */
    public static Optional<Downstream> owning(String path) {
        if (path.startsWith("/api/v1/")) {
            return Optional.of(ANALYTICS);
        }
        String[] segments = path.split("/");
        if (segments.length < 3 || !"v1".equals(segments[1])) {
            return Optional.empty();
        }
        return switch (segments[2]) {
            case "orchestrate", "executions" -> Optional.of(ORCHESTRATOR);
            case "agents" -> Optional.of(REGISTRY);
            // Seed 003: a workflow is read from the catalog but run by the orchestrator.
            case "workflows" -> Optional.of(segments.length == 5 && "run".equals(segments[4]) ? ORCHESTRATOR : REGISTRY);
            case "wallet" -> Optional.of(WALLET);
            case "events", "analytics" -> Optional.of(ANALYTICS);
            default -> Optional.empty();
        };
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
