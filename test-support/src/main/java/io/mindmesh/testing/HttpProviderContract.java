package io.mindmesh.testing;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider's verification of its consumers' contracts (contracts/README.md) over HTTP: every
 * interaction of every pact naming the subclass's {@code @Provider} is replayed against the
 * service under test. The subclass is a {@code @QuarkusTest} with {@code @Provider},
 * {@code @PactFolder("../contracts/pacts")} and one {@code @State} method per provider state.
 */
public abstract class HttpProviderContract {

    @BeforeEach
    void target(PactVerificationContext context) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        context.setTarget(new HttpTestTarget("127.0.0.1", port));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursItsConsumersContracts(PactVerificationContext context) {
        context.verifyInteraction();
    }
}
