package io.mindmesh.orchestrator.engine;

import static org.awaitility.Awaitility.await;

import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.repository.ExecutionRepository;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica runs as many executions at once as the accounts' tiers allow, well above its JDBC pool
 * (40): an execution waiting on its agents holds no connection.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class CapacityTest {

    private static final int EXECUTIONS = 150;

    @Inject
    TestExecutions executions;

    @Inject
    ExecutionRepository executionRepository;

    @Test
    void twoEnterpriseAccountsRunAHundredAndFiftyExecutionsAtOnce() {
        List<Caller> accounts = List.of(TestCallers.sandbox("enterprise"), TestCallers.sandbox("enterprise"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            // 2 000 s × the test latency scale (0.01): every agent waits 20 s, longer than the submissions take.
            ids.add(executions.accept(accounts.get(i % 2), ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                    List.of(TestAgents.simulated("slow", "0.9", 2_000_000))));
        }

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> running(ids) == EXECUTIONS);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> completed(ids) == EXECUTIONS);
    }

    private long running(List<String> ids) {
        return count(ids, ExecutionStatus.RUNNING);
    }

    private long completed(List<String> ids) {
        return count(ids, ExecutionStatus.COMPLETED);
    }

    private long count(List<String> ids, ExecutionStatus status) {
        return QuarkusTransaction.requiringNew().call(() -> executionRepository.count("id in ?1 and status = ?2", ids,
                status));
    }
}
