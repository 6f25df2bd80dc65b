package io.mindmesh.orchestrator.engine;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.common.request.Caller;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.StubRegistry;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TransactionLog;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one execution costs in transactions and remote calls, counted on the real path (public API,
 * scheduler, engine, settlement), so that a change that adds a round trip shows here.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class TransactionCountTest {

    @Inject
    TransactionLog transactions;

    @Inject
    ExecutionRepository executions;

    @Inject
    EntityManager em;

    @Test
    void aSandboxParallelRunOfThreeAgentsCommitsFourTransactionsAndCallsOnlyTheRegistry() {
        // The execution with its event, claimed and its three agents started in the same
        // transaction (nothing of the account queued, a slot free), the first two agents' answers
        // one each, and the last answer with the outcome and the terminal status (a sandbox run
        // moves no money). The queue-room check before the selection is one read outside any
        // transaction. No renewal: the run is shorter than a heartbeat interval.
        // 100, 300 and 500 ms at the tests' latency scale (0.01): the agents answer one at a time, so
        // that the count does not depend on how many answers the run's loop finds together.
        assertCommits("PARALLEL", 4, 10_000, 30_000, 50_000);
    }

    @Test
    void aSandboxSequentialRunOfThreeAgentsCommitsFourTransactions() {
        // The execution with the first agent's start, each answer with the next agent's start, and
        // the last answer with the outcome.
        assertCommits("SEQUENTIAL", 4, 100, 100, 100);
    }

    /** Runs three simulated agents of these latencies (before the tests' scale) in {@code mode}. */
    private void assertCommits(String mode, int expected, long a, long b, long c) {
        StubRegistry registry = new StubRegistry(List.of(TestAgents.simulated("writer-a", "0.9", a),
                TestAgents.simulated("writer-b", "0.8", b), TestAgents.simulated("writer-c", "0.85", c)));
        QuarkusMock.installMockForType(registry, RegistryClient.class);
        RecordingWallet wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
        Caller caller = TestCallers.sandbox();
        String requestId = "req_count_" + UUID.randomUUID().toString().replace("-", "");

        String id = as(caller).header(RequestId.HEADER, requestId).contentType(ContentType.JSON)
                .body("{\"query\": \"Create an email campaign\", \"mode\": \"" + mode + "\"}")
                .when().post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
        // Read through a status-only query: loading the execution would count as one of its transactions.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> executions.statusOf(id).orElseThrow())
                        .terminal());

        assertEquals(ExecutionStatus.COMPLETED,
                QuarkusTransaction.requiringNew().call(() -> executions.statusOf(id).orElseThrow()));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> transactions.committed(requestId), equalTo(expected));
        assertEquals(1, registry.selections());
        assertTrue(wallet.holds().isEmpty(), "a sandbox run never calls the wallet");
        assertEventsOneInsertPerTransaction(id, expected);
    }

    /**
     * Every transaction that wrote events wrote them with one INSERT (counted by a statement trigger
     * the test adds), and the ids follow the execution's sequence, the order the relay publishes in.
     */
    private void assertEventsOneInsertPerTransaction(String id, int transactions) {
        List<?> inserts = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select rows from outbox_insert_statements where execution_id = ?1").setParameter(1, id)
                .getResultList());
        assertEquals(transactions, inserts.size(), "one INSERT per transaction, rows of each: " + inserts);
        List<?> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id from outbox_events where execution_id = ?1 order by sequence").setParameter(1, id)
                .getResultList());
        assertEquals(8, ids.size(), "started, three agents started and completed, completed");
        List<Long> inSequence = ids.stream().map(i -> ((Number) i).longValue()).toList();
        assertEquals(inSequence.stream().sorted().toList(), inSequence, "ids in sequence order");
    }

    @BeforeEach
    void countOutboxInserts() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    create table outbox_insert_statements (execution_id text not null, rows int not null)""")
                    .executeUpdate();
            em.createNativeQuery("""
                    create function count_outbox_insert() returns trigger language plpgsql as $$
                    begin
                      insert into outbox_insert_statements
                        select execution_id, count(*) from inserted group by execution_id;
                      return null;
                    end $$""").executeUpdate();
            em.createNativeQuery("""
                    create trigger count_outbox_insert after insert on outbox_events
                    referencing new table as inserted for each statement execute function count_outbox_insert()""")
                    .executeUpdate();
        });
    }

    @AfterEach
    void stopCounting() {
        QuarkusTransaction.requiringNew().run(() -> List.of("drop trigger count_outbox_insert on outbox_events",
                "drop function count_outbox_insert()", "drop table outbox_insert_statements")
                .forEach(drop -> em.createNativeQuery(drop).executeUpdate()));
    }
}
