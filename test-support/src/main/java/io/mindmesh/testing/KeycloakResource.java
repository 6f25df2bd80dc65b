package io.mindmesh.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest}'s OIDC at the JVM's shared real Keycloak. */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", KeycloakServer.shared().realmUrl());
    }

    @Override
    public void stop() {
        // Shared for the JVM's lifetime; stopped by its shutdown hook.
    }
}
