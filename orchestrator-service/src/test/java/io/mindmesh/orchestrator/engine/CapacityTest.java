package io.mindmesh.orchestrator.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
            // 3 000 s × the test latency scale (0.01): every agent waits 30 s, so that all of them can
            // be under way together even while a busy machine takes its time to submit and claim them.
            ids.add(executions.accept(accounts.get(i % 2), ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                    List.of(TestAgents.simulated("slow", "0.9", 3_000_000))));
        }

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> completed(ids) == EXECUTIONS);
        // At once: the last of them to start started before the first of them finished.
        List<Run> runs = QuarkusTransaction.requiringNew().call(() -> executionRepository.list("id in ?1", ids)
                .stream().map(e -> new Run(e.startedAt, e.completedAt)).toList());
        Instant lastStart = runs.stream().map(Run::started).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstEnd = runs.stream().map(Run::completed).min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(lastStart.isBefore(firstEnd), "all " + EXECUTIONS + " were running together: the last started at "
                + lastStart + ", the first finished at " + firstEnd);
    }

    private record Run(Instant started, Instant completed) {
    }

    private long completed(List<String> ids) {
        return count(ids, ExecutionStatus.COMPLETED);
    }

    private long count(List<String> ids, ExecutionStatus status) {
        return QuarkusTransaction.requiringNew().call(() -> executionRepository.count("id in ?1 and status = ?2", ids,
                status));
    }
}
