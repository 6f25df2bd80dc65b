package io.mindmesh.orchestrator.wallet;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.AgentServer;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.StubRegistry;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.orchestrator.wallet.service.OrphanHolds;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hold placed for an execution that was never stored (the replica stopped between the wallet
 * call and the insert) is released once it is older than the orphan age; a hold of a stored
 * execution, however old, is left to its settlement.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class OrphanHoldsTest {

    @Inject
    OrphanHolds orphans;

    @Inject
    MeterRegistry registry;

    @Test
    void anOldHoldWithoutAnExecutionIsReleasedAndOneOfAStoredExecutionIsKept() {
        RecordingWallet wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
        try (AgentServer slow = AgentServer.answering("\"done\"", "0.9", 20_000)) {
            QuarkusMock.installMockForType(new StubRegistry(List.of(TestAgents.http("slow", slow.endpoint(), "0.9"))),
                    RegistryClient.class);
            Caller caller = TestCallers.live();
            String running = as(caller).contentType(ContentType.JSON).body("{\"query\": \"Write a launch email\"}")
                    .when().post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
            String orphan = "exec_orphan" + System.nanoTime() % 100_000;
            String recent = "exec_recent" + System.nanoTime() % 100_000;
            wallet.placeHold(orphan, caller.accountId(), new BigDecimal("0.50"));
            wallet.placeHold(recent, caller.accountId(), new BigDecimal("0.50"));
            Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
            wallet.backdate(orphan, anHourAgo);
            wallet.backdate(running, anHourAgo);
            double before = released();

            assertEquals(1, orphans.releaseOrphans());

            assertEquals("RELEASED", wallet.hold(orphan).status());
            assertEquals("HELD", wallet.hold(running).status(), "the running execution's hold waits for its settlement");
            assertEquals("HELD", wallet.hold(recent).status(), "a hold younger than the orphan age may still be stored");
            assertEquals(1.0, released() - before);
            assertEquals(0, orphans.releaseOrphans(), "a second pass finds nothing left");
        }
    }

    private double released() {
        return registry.counter("mindmesh.holds.orphans.released").count();
    }
}
