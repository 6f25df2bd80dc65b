package io.mindmesh.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Switches on the check every service makes of its caller's service token (off in the module
 * tests' {@code %test} profile), against the JVM's shared real Keycloak.
 */
public class ServiceAuthenticationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.auth.permission.services.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakResource.class));
    }
}
