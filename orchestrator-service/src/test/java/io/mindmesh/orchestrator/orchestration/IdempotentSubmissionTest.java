package io.mindmesh.orchestrator.orchestration;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.StubRegistry;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A submission with {@code X-Idempotency-Key} is answered by the execution the key first created,
 * however far the first attempt got: the gateway forgets the key when this service answers late,
 * so the retry reaches this service and must not run (and hold money for) the work twice.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class IdempotentSubmissionTest {

    private static final String BODY = "{\"query\": \"Create an email campaign\", \"mode\": \"PARALLEL\"}";

    private RecordingWallet wallet;

    @BeforeEach
    void stubs() {
        QuarkusMock.installMockForType(new StubRegistry(List.of(TestAgents.simulated("writer-a", "0.9", 100),
                TestAgents.simulated("writer-b", "0.8", 100))), RegistryClient.class);
        wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheFirstExecutionAndHoldsOnce() {
        Caller caller = TestCallers.live();

        String first = submit(caller, "order-1");
        String retry = submit(caller, "order-1");
        String other = submit(caller, "order-2");

        assertEquals(first, retry);
        assertNotEquals(first, other);
        assertEquals(2, wallet.holds().size(), "one hold per key, none for the retry");
        assertEquals(0, new BigDecimal("0.44").compareTo(wallet.hold(first).amount()));
    }

    @Test
    void theSameKeyInAnotherAccountOrEnvironmentIsAnotherExecution() {
        Caller live = TestCallers.live();
        Caller sandboxOfTheSameAccount = new Caller(live.accountId(), live.tier(), "test");

        String inLive = submit(live, "shared-key");
        String inOtherAccount = submit(TestCallers.live(), "shared-key");
        String inSandbox = submit(sandboxOfTheSameAccount, "shared-key");

        assertNotEquals(inLive, inOtherAccount);
        assertNotEquals(inLive, inSandbox);
        as(live).when().get("/v1/executions/" + inOtherAccount).then().statusCode(404);
    }

    @Test
    void aRetryThatOvertakesASlowFirstAttemptEndsWithOneExecutionAndItsHoldKept() throws Exception {
        CountDownLatch firstHoldPlaced = new CountDownLatch(1);
        CountDownLatch retryFinished = new CountDownLatch(1);
        AtomicInteger holdsAsked = new AtomicInteger();
        // The first attempt's hold answers only after the retry has stored the execution: the first
        // attempt then loses the insert and must neither fail nor release the hold the retry owns.
        RecordingWallet slow = new RecordingWallet() {
            @Override
            public Hold placeHold(String holdId, String accountId, BigDecimal amount) {
                Hold hold = super.placeHold(holdId, accountId, amount);
                if (holdsAsked.incrementAndGet() == 1) {
                    firstHoldPlaced.countDown();
                    await(retryFinished);
                }
                return hold;
            }
        };
        QuarkusMock.installMockForType(slow, WalletClient.class);
        Caller caller = TestCallers.live();

        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> submit(caller, "slow-order"));
        await(firstHoldPlaced);
        String retry = submit(caller, "slow-order");
        retryFinished.countDown();

        assertEquals(retry, first.get(30, TimeUnit.SECONDS));
        assertEquals(1, slow.holds().size());
        // The hold belongs to the stored execution: kept, then charged when it finishes.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !slow.hold(retry).status().equals("HELD"));
        assertEquals("CAPTURED", slow.hold(retry).status());
    }

    private static String submit(Caller caller, String key) {
        return as(caller).header("X-Idempotency-Key", key).contentType(ContentType.JSON).body(BODY)
                .when().post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
