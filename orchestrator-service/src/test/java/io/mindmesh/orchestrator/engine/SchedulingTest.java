package io.mindmesh.orchestrator.engine;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.ELSEWHERE;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static io.mindmesh.orchestrator.support.TestExecutions.lease;
import static io.mindmesh.orchestrator.support.TestExecutions.view;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.Claim;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.LeaseLostException;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.execution.service.ExecutionTransitions;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Claims, tier limits, leases, the reaper and fencing, against the real scheduler and database. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class SchedulingTest {

    @Inject
    TestExecutions executions;

    @Inject
    ExecutionRepository executionRepository;

    @Inject
    ExecutionTransitions transitions;

    @Test
    void aDeveloperAccountsSixthExecutionWaitsUntilASlotFrees() {
        Caller caller = TestCallers.sandbox();
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            running.add(executions.runningElsewhere(caller));
        }
        String sixth = quick(caller);
        Caller other = TestCallers.sandbox();
        String control = quick(other);

        // The control was accepted after the sixth and ran: the scheduler considered the sixth and left it queued.
        assertEquals("COMPLETED", awaitFinished(other, control).getString("status"));
        assertEquals("PENDING", view(caller, sixth).getString("status"));

        inTransaction(running.getFirst(), e -> {
            e.status = ExecutionStatus.COMPLETED;
            e.completedAt = Instant.now();
            e.actualCost = BigDecimal.ZERO;
            e.leaseOwner = null;
            e.leaseExpiresAt = null;
        });
        assertEquals("COMPLETED", awaitFinished(caller, sixth).getString("status"));
    }

    @Test
    void aFullQueueRefusesTheTwentyFirstQueuedExecutionWith429() {
        Caller caller = TestCallers.live();
        for (int i = 0; i < 5; i++) {
            executions.runningElsewhere(caller);
        }
        for (int i = 0; i < 20; i++) {
            quick(caller);
        }

        as(caller).contentType(ContentType.JSON).body("{\"query\": \"Create an email campaign\"}")
                .when().post("/v1/orchestrate").then()
                .statusCode(429)
                .header("Retry-After", "10")
                .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                .body("message", equalTo("Execution queue is full (20 executions waiting). Try again in 10 seconds."))
                .body("retryAfter", equalTo(10))
                .body("limit", equalTo(20))
                .body("remaining", equalTo(0))
                .body("resetAt", notNullValue())
                .body("requestId", notNullValue());
        ApiException refused = assertThrows(ApiException.class, () -> quick(caller));
        assertEquals(429, refused.status());
        as(caller).when().get("/v1/executions?status=PENDING").then().statusCode(200)
                .body("pagination.total", equalTo(20));
    }

    @Test
    void aBusinessAccountMayQueueMore() {
        Caller caller = TestCallers.sandbox("business");
        for (int i = 0; i < 25; i++) {
            executions.runningElsewhere(caller);
        }
        for (int i = 0; i < 21; i++) {
            quick(caller);
        }
        as(caller).when().get("/v1/executions?status=PENDING").then().statusCode(200)
                .body("pagination.total", equalTo(21));
    }

    @Test
    void theReaperRequeuesAnExpiredExecutionThatNeverStartedAStep() {
        Caller caller = TestCallers.sandbox();
        String id = executions.claimedFromTheQueueByAGoneWorker(caller,
                List.of(TestAgents.simulated("quick", "0.9", 10)));

        JsonPath view = awaitFinished(caller, id);

        assertEquals("COMPLETED", view.getString("status"));
        assertEquals(List.of(1), view.getList("steps.attempts"));
    }

    @Test
    void theReaperFailsAnExpiredExecutionWhoseStepWasRunningAndNeverReRunsIt() {
        Caller caller = TestCallers.sandbox();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            String created = executions.accept(caller, ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE, List.of(
                    TestAgents.simulated("writer", "0.9", 10), TestAgents.simulated("editor", "0.8", 10)));
            // Its replica stops right after the admission, which started its first step.
            lease(executionRepository.findById(created), ELSEWHERE, Instant.now().minusSeconds(5));
            return created;
        });

        JsonPath view = awaitFinished(caller, id);

        assertEquals("FAILED", view.getString("status"));
        assertEquals(ExecutionRunner.LEASE_EXPIRED, view.getString("error"));
        assertEquals(List.of("FAILED", "SKIPPED"), view.getList("steps.status"));
        assertEquals(List.of(1, 0), view.getList("steps.attempts"));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(view.getString("actualCost"))), "nothing is charged");
    }

    @Test
    void aWorkerWithAStaleFencingTokenCannotWrite() {
        Caller caller = TestCallers.sandbox();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            String created = quick(caller);
            Execution e = executionRepository.findById(created);
            lease(e, ELSEWHERE, Instant.now().plusSeconds(3600));
            e.fencingToken = 7;
            return created;
        });
        String stepId = view(caller, id).getString("steps[0].stepId");

        // Its first attempt was started at admission: a retry is what a worker could write next.
        assertThrows(LeaseLostException.class, () -> transitions.stepStarted(new Claim(id, 6), stepId, 2));
        assertEquals(1, view(caller, id).getInt("steps[0].attempts"));

        transitions.stepStarted(new Claim(id, 7), stepId, 2);
        assertEquals(2, view(caller, id).getInt("steps[0].attempts"));
    }

    @Test
    void cancellingAQueuedExecutionReleasesItWithoutRunningAnything() {
        Caller caller = TestCallers.sandbox();
        for (int i = 0; i < 5; i++) {
            executions.runningElsewhere(caller);
        }
        String queued = quick(caller);

        as(caller).when().post("/v1/executions/" + queued + "/cancel").then()
                .statusCode(oneOf(200, 202)).body("executionId", equalTo(queued));
        JsonPath view = awaitFinished(caller, queued);

        assertEquals("CANCELLED", view.getString("status"));
        assertEquals(List.of("CANCELLED"), view.getList("steps.status"));
        assertEquals(List.of(0), view.getList("steps.attempts"));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(view.getString("actualCost"))), "nothing is charged");
    }

    private String quick(Caller caller) {
        return executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("quick", "0.9", 10)));
    }

    private void inTransaction(String id, Consumer<Execution> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(executionRepository.findById(id)));
    }
}
