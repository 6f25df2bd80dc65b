package io.mindmesh.analytics.events.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.events.StoredEvent;
import io.mindmesh.analytics.support.KafkaEvents;
import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The execution events analytics consumes, as a consumer-driven contract with the orchestrator
 * (contracts/README.md): what analytics reads of each event, written to
 * {@code contracts/pacts/analytics-service-orchestrator-service.json}, which the orchestrator's build
 * verifies against the events its outbox really writes. Each message of the contract is sent
 * through Kafka as the relay sends it and must be stored as the public analytics event.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class ExecutionEventsPactTest {

    static final String AGENT_COMPLETED = "an agent.completed event";
    static final String EXECUTION_COMPLETED = "an execution.completed event";

    private static final String ACCOUNT = "acc_contract_analytics";
    private static final String EXECUTION = "exec_contract0analytics";
    /** CloudEvents time as the orchestrator's Jackson writes an Instant: ISO-8601 UTC, any fraction. */
    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    @Test
    void analyticsStoresTheAgentAndExecutionEventsTheContractDescribes() throws IOException {
        MessagePact pact = new MessagePactBuilder(PactSpecVersion.V3)
                .consumer("analytics-service").hasPactWith("orchestrator-service")
                .given("an execution with one agent has completed")
                .expectsToReceive(AGENT_COMPLETED)
                .withContent(event("io.mindmesh.agent.completed", "d8f7a1c0-5b1e-4a51-9e31-0c7a4b1f2e01")
                        .object("data")
                        .stringType("agentId", "agent_email_campaign")
                        .stringType("agentName", "email-campaign-agent")
                        .stringType("stepId", "step_1")
                        .stringValue("status", "COMPLETED")
                        .numberType("cost", 0.52)
                        .integerType("durationMs", 1200L)
                        .object("output").closeObject()
                        .closeObject())
                // The builder keeps the provider state for the next message: both come from one execution.
                .expectsToReceive(EXECUTION_COMPLETED)
                .withContent(event("io.mindmesh.execution.completed", "d8f7a1c0-5b1e-4a51-9e31-0c7a4b1f2e02")
                        .object("data")
                        .stringValue("status", "COMPLETED")
                        .stringType("query", "Create an email campaign for our product launch")
                        .stringType("mode", "PARALLEL")
                        .numberType("cost", 0.52)
                        .integerType("durationMs", 1500L)
                        .closeObject())
                .toPact(MessagePact.class);

        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            for (Message message : pact.getMessages()) {
                kafka.sendRaw(EXECUTION, message.contentsAsString());
            }
        }
        stored.awaitCount(ACCOUNT, 2);

        StoredEvent node = stored.single(ACCOUNT, "node_execution");
        assertEquals("agent_email_campaign", node.agentId);
        assertEquals("email-campaign-agent", node.agentName);
        assertEquals(EXECUTION, node.sessionId);
        assertEquals("production", node.environment);
        JsonNode parameters = objectMapper.readTree(node.payload).get("parameters");
        assertEquals("step_1", parameters.get("stepId").asText());
        assertEquals("0.52", parameters.get("cost").decimalValue().toPlainString());
        assertEquals(1200L, parameters.get("durationMs").asLong());

        StoredEvent completed = stored.single(ACCOUNT, "execution.completed");
        assertNull(completed.agentId);
        JsonNode payload = objectMapper.readTree(completed.payload);
        assertEquals("COMPLETED", payload.get("status").asText());
        assertEquals("PARALLEL", payload.get("mode").asText());
        assertEquals(1500L, payload.get("durationMs").asLong());

        write(pact);
    }

    /** The CloudEvents attributes analytics reads, with the body's {@code data} still open. */
    private static PactDslJsonBody event(String type, String id) {
        return new PactDslJsonBody()
                .uuid("id", UUID.fromString(id))
                .stringValue("type", type)
                .stringType("subject", EXECUTION)
                .stringMatcher("time", ISO_INSTANT, "2025-10-15T14:20:00.123Z")
                .stringType("accountid", ACCOUNT)
                .stringMatcher("environment", "live|test", "live");
    }

    /** Replaces the contract file, so that interactions this test no longer declares leave it. */
    private static void write(MessagePact pact) throws IOException {
        Files.createDirectories(Checkout.pacts());
        Files.deleteIfExists(Checkout.pacts().resolve("analytics-service-orchestrator-service.json"));
        pact.write(Checkout.pacts().toString(), PactSpecVersion.V3).unwrap();
    }
}
