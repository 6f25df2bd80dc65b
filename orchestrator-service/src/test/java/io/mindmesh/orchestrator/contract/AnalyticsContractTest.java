package io.mindmesh.orchestrator.contract;

import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;

import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.outbox.OutboxEvent;
import io.mindmesh.orchestrator.outbox.repository.OutboxRepository;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifies the execution events analytics relies on (contracts/README.md): each message of
 * {@code contracts/pacts/analytics-service-orchestrator-service.json} is compared with what the
 * outbox really holds after a real execution, the exact text the relay puts on Kafka. A change to
 * the events that would break analytics fails this build.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
@Provider("orchestrator-service")
@PactFolder("../contracts/pacts")
class AnalyticsContractTest {

    @Inject
    TestExecutions executions;

    @Inject
    OutboxRepository outbox;

    private List<OutboxEvent> events = List.of();

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new MessageTestTarget());
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursAnalyticsContract(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("an execution with one agent has completed")
    void oneAgentExecutionCompleted() {
        Caller caller = TestCallers.sandbox();
        String id = executions.accept(caller, ExecutionMode.PARALLEL, AggregationStrategy.MERGE,
                List.of(TestAgents.simulated("email-campaign-agent", "0.92", 10)));
        awaitFinished(caller, id);
        events = QuarkusTransaction.requiringNew().call(() -> outbox.forExecution(id));
    }

    @PactVerifyProvider("an agent.completed event")
    String agentCompleted() {
        return payloadOf(EventType.AGENT_COMPLETED);
    }

    @PactVerifyProvider("an execution.completed event")
    String executionCompleted() {
        return payloadOf(EventType.EXECUTION_COMPLETED);
    }

    private String payloadOf(EventType type) {
        return events.stream().filter(e -> e.eventType.equals(type.publicName())).findFirst()
                .orElseThrow(() -> new AssertionError("The execution wrote no " + type.publicName() + " event"))
                .payload;
    }
}
