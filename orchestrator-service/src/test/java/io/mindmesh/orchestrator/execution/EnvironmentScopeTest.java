package io.mindmesh.orchestrator.execution;

import static io.mindmesh.orchestrator.support.TestCallers.as;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitStatus;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live and sandbox executions of one account are separate worlds: a key of the other environment
 * gets 404 on everything about an execution, as if it did not exist, and never sees it listed.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class EnvironmentScopeTest {

    @Inject
    TestExecutions executions;

    @Test
    void aLiveKeyOfTheSameAccountCannotSeeOrTouchASandboxExecution() {
        Caller sandbox = TestCallers.sandbox();
        Caller live = new Caller(sandbox.accountId(), sandbox.tier(), "live");
        String id = executions.accept(sandbox, "Plan the launch", ExecutionMode.SEQUENTIAL, AggregationStrategy.MERGE,
                // Long enough (scaled down 100 times in tests) to still be running while the other key tries.
                List.of(TestAgents.simulated("email-campaign-agent", "0.92", 2_000_000)),
                new NewExecution.Webhook("https://hooks.example.com/mindmesh", List.of("execution.completed"),
                        "whsec_environment_scope_test"));
        awaitStatus(sandbox, id, "RUNNING");

        as(live).when().get("/v1/executions/" + id).then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"))
                .body("message", equalTo("Execution " + id + " not found"));
        as(live).when().get("/v1/executions").then()
                .statusCode(200).body("data", hasSize(0)).body("pagination.total", equalTo(0));
        as(live).when().post("/v1/executions/" + id + "/cancel").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(live).when().get("/v1/executions/" + id + "/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(live).when().get("/api/v1/workflows/execute/" + id + "/stream").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(live).when().get("/v1/executions/" + id + "/webhooks").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(live).when().post("/v1/executions/" + id + "/webhooks/whd_0000000000000000/redeliver").then()
                .statusCode(404).body("message", equalTo("Execution " + id + " not found"));

        // The refused cancel changed nothing: the owner still sees it running, and only the owner stops it.
        as(sandbox).when().get("/v1/executions").then()
                .statusCode(200).body("data.executionId", equalTo(List.of(id)));
        as(sandbox).when().get("/v1/executions/" + id).then().statusCode(200).body("status", equalTo("RUNNING"));
        as(sandbox).when().get("/v1/executions/" + id + "/webhooks").then().statusCode(200);
        as(sandbox).when().post("/v1/executions/" + id + "/cancel").then().statusCode(anyOf(is(200), is(202)));
        awaitStatus(sandbox, id, "CANCELLED");
    }
}
