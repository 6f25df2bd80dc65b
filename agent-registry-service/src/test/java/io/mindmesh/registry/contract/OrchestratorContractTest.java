package io.mindmesh.registry.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.mindmesh.testing.HttpProviderContract;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Verifies what the orchestrator relies on of the registry (contracts/README.md): each interaction
 * of {@code contracts/pacts/orchestrator-service-agent-registry-service.json} is replayed against
 * this service, so a change here that would break the orchestrator fails this build.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
@Provider("agent-registry-service")
@PactFolder("../contracts/pacts")
class OrchestratorContractTest extends HttpProviderContract {

    /** The catalog every start loads (src/main/resources/catalog); nothing to add. */
    @State("the demo catalog")
    void demoCatalog() {
    }
}
