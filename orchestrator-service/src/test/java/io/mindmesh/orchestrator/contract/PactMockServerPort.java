package io.mindmesh.orchestrator.contract;

import io.mindmesh.testing.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the registry and wallet clients at a free port on which each contract test runs Pact's
 * mock server: the clients' URLs are fixed when the application starts, the mock server only
 * lives while one contract is exercised.
 */
public class PactMockServerPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = "http://127.0.0.1:" + Ports.free();
        return Map.of("quarkus.rest-client.registry.url", url, "quarkus.rest-client.wallet.url", url);
    }

    @Override
    public void stop() {
        // Nothing runs between the contracts.
    }
}
