package io.mindmesh.orchestrator.support;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.Ids;
import io.mindmesh.orchestrator.execution.NewExecution;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.orchestration.service.SubmissionService;
import io.mindmesh.orchestrator.planning.Plan;
import io.mindmesh.orchestrator.pricing.TierRules;
import io.mindmesh.orchestrator.pricing.Tiers;
import io.mindmesh.orchestrator.registry.RejectedAgent;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts sandbox executions through the orchestrator's own service, with a plan built from test
 * agents: everything after the registry call (planning, storing, scheduling, running, events) is the
 * real code. Sandbox executions hold no money, so no wallet is needed.
 */
@ApplicationScoped
public class TestExecutions {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /** The worker name of a replica other than the tests' own. */
    public static final String ELSEWHERE = "another-replica/0000";

    private final SubmissionService submissions;
    private final Tiers tiers;
    private final ExecutionRepository executions;

    public TestExecutions(SubmissionService submissions, Tiers tiers, ExecutionRepository executions) {
        this.submissions = submissions;
        this.tiers = tiers;
        this.executions = executions;
    }

    /** An execution of {@code caller} that another (live) replica is running: it takes one concurrency slot. */
    public String runningElsewhere(Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> {
            String id = accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                    List.of(TestAgents.simulated("busy", "0.9", 10)));
            lease(executions.findById(id), ELSEWHERE, Instant.now().plusSeconds(3600));
            return id;
        });
    }

    /**
     * An execution of {@code caller} as a replica leaves it when it claimed it from the queue and
     * stopped before starting a step: RUNNING under the expired lease of a worker that is gone,
     * every step PENDING. (One claimed at its admission has its first steps started there.) It is
     * accepted while another replica runs as many of the account's executions as its tier allows,
     * so that it queues; it is then handed to the gone worker and those slots are freed, in one
     * transaction.
     */
    public String claimedFromTheQueueByAGoneWorker(Caller caller, List<SelectedAgent> agents) {
        List<String> occupying = new ArrayList<>();
        for (int i = 0; i < tiers.of(caller.tier()).maxConcurrent(); i++) {
            occupying.add(runningElsewhere(caller));
        }
        String id = accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE, agents);
        QuarkusTransaction.requiringNew().run(() -> {
            Execution queued = executions.findById(id);
            if (queued.status != ExecutionStatus.PENDING) {
                throw new IllegalStateException(id + " was not queued but " + queued.status);
            }
            lease(queued, "gone-replica/0000", Instant.now().minusSeconds(5));
            for (String other : occupying) {
                Execution e = executions.findById(other);
                e.status = ExecutionStatus.COMPLETED;
                e.completedAt = Instant.now();
                e.actualCost = BigDecimal.ZERO;
                e.leaseOwner = null;
                e.leaseExpiresAt = null;
            }
        });
        return id;
    }

    /** As if {@code owner} had claimed it: a new token, so that a claim this replica took at admission is stale. */
    public static void lease(Execution e, String owner, Instant expiresAt) {
        e.status = ExecutionStatus.RUNNING;
        e.fencingToken++;
        e.leaseOwner = owner;
        e.leaseExpiresAt = expiresAt;
        e.startedAt = Instant.now().minusSeconds(60);
    }

    public String accept(Caller caller, ExecutionMode mode, AggregationStrategy strategy, List<SelectedAgent> agents) {
        return accept(caller, "Create an email campaign for our product launch", mode, strategy, agents);
    }

    public String accept(Caller caller, String query, ExecutionMode mode, AggregationStrategy strategy,
            List<SelectedAgent> agents) {
        return accept(caller, query, mode, strategy, agents, null);
    }

    /** With a webhook subscription, stored as a submission stores it (the URL is not checked here). */
    public String accept(Caller caller, String query, ExecutionMode mode, AggregationStrategy strategy,
            List<SelectedAgent> agents, NewExecution.Webhook webhook) {
        TierRules tier = tiers.of(caller.tier());
        String id = Ids.execution();
        submissions.accept(new NewExecution(id, caller, tier, "req_test", query,
                null, List.of("marketing"), List.of(), agents.size(), new BigDecimal("0.7"), strategy, webhook,
                Plan.of(mode, agents, tier),
                List.of(new RejectedAgent("agent_rejected", "rejected-agent", new BigDecimal("0.41"),
                        "confidence 0.41 is below minConfidence 0.7")),
                false, List.of(), false));
        return id;
    }

    /**
     * Submits a one-agent PARALLEL orchestration through the public API, with {@code agent} the
     * registry's only answer, and returns its id once the 202 says PENDING.
     */
    public static String submitWith(Caller caller, SelectedAgent agent) {
        QuarkusMock.installMockForType(new StubRegistry(List.of(agent)), RegistryClient.class);
        return as(caller).contentType("application/json")
                .body(Map.of("query", "Write a launch email", "mode", "PARALLEL",
                        "selectionCriteria", Map.of("maxAgents", 1)))
                .when().post("/v1/orchestrate").then()
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract().path("executionId");
    }

    /** Waits (polling the public API) until the execution reaches a final status and returns its view. */
    public static JsonPath awaitFinished(Caller caller, String executionId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> view(caller, executionId), view -> TERMINAL.contains(view.getString("status")));
    }

    public static JsonPath awaitStatus(Caller caller, String executionId, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> view(caller, executionId), view -> status.equals(view.getString("status")));
    }

    public static JsonPath view(Caller caller, String executionId) {
        return TestCallers.as(caller).when().get("/v1/executions/" + executionId)
                .then().statusCode(200).extract().jsonPath();
    }
}
