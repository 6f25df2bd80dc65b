package io.mindmesh.analytics.events;

import static io.mindmesh.analytics.support.TestEvents.event;
import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.mindmesh.analytics.support.TestEvents.newExecution;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.analytics.support.KafkaEvents;
import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class EventConsumptionTest {

    /** Money must come back with its exact scale, so JSON numbers are read as BigDecimal. */
    private static final RestAssuredConfig EXACT_NUMBERS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    @Inject
    MeterRegistry meters;

    private KafkaEvents kafka;

    @BeforeEach
    void openProducer() {
        kafka = new KafkaEvents(objectMapper);
    }

    @AfterEach
    void closeProducer() {
        kafka.close();
    }

    @Test
    void cloudEventsJsonFromTheWireBecomesAnInvocationStart() {
        String account = newAccount();
        String execution = newExecution();
        kafka.sendRaw(execution, """
                {"specversion":"1.0","id":"evt_wire_%s","source":"/orchestrator",
                 "type":"io.mindmesh.agent.started","subject":"%s","time":"2025-10-14T08:37:44.123Z",
                 "datacontenttype":"application/json","accountid":"%s","environment":"live",
                 "requestid":"req_wire","sequence":2,
                 "data":{"executionId":"%s","status":"RUNNING","query":"Hello","agentId":"agent_support",
                         "agentName":"Support Agent","stepId":"step_1"}}
                """.formatted(execution, execution, account, execution));
        stored.awaitCount(account, 1);

        given().header("X-Account-Id", account).contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_support"}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("success", is(true))
                .body("count", is(1))
                .body("data[0].id", is(stored.single(account, "invocation_start").id.intValue()))
                .body("data[0].agentId", is("agent_support"))
                .body("data[0].sessionId", is(execution))
                .body("data[0].environment", is("production"))
                .body("data[0].eventName", is("invocation_start"))
                .body("data[0].payload.triggerBody.content", is("Hello"))
                .body("data[0].payload.triggerBody.sessionId", is(execution))
                .body("data[0].payload.triggerName", is("orchestrate"))
                .body("data[0].created_at", is("2025-10-14T08:37:44.123Z"));
    }

    @Test
    void anAgentStartedWithoutQueryShowsTheQueryOfItsExecution() {
        String account = newAccount();
        String execution = newExecution();
        // As the orchestrator publishes them: only execution.started carries the query.
        kafka.send(
                event(EventType.EXECUTION_STARTED).account(account).execution(execution).status("RUNNING")
                        .query("Plan a trip to Lisbon").build(),
                event(EventType.AGENT_STARTED).account(account).execution(execution)
                        .agent("agent_travel", "Travel Agent").step("step_1", "RUNNING").build());
        stored.awaitCount(account, 2);

        given().header("X-Account-Id", account).contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_travel"}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].payload.triggerBody.content", is("Plan a trip to Lisbon"))
                .body("data[0].payload.triggerBody.sessionId", is(execution));
    }

    @Test
    void agentCompletedBecomesANodeExecutionWithItsCostAndOutput() throws Exception {
        String account = newAccount();
        kafka.send(event(EventType.AGENT_COMPLETED).account(account).agent("agent_research", "Research Agent")
                .step("step_7", "COMPLETED").cost("1.5").durationMs(2400)
                .output(objectMapper.readTree("{\"summary\": \"done\", \"confidence\": 0.93}")).build());
        stored.awaitCount(account, 1);

        given().config(EXACT_NUMBERS).header("X-Account-Id", account).contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_research", "filters": {"eventName": "node_execution"}}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].eventName", is("node_execution"))
                .body("data[0].payload.nodeName", is("Research Agent"))
                .body("data[0].payload.nodeType", is("agent"))
                .body("data[0].payload.nodeDisplayName", is("Research Agent"))
                .body("data[0].payload.parameters.stepId", is("step_7"))
                .body("data[0].payload.parameters.status", is("COMPLETED"))
                .body("data[0].payload.parameters.cost", is(new BigDecimal("1.50")))
                .body("data[0].payload.parameters.durationMs", is(2400))
                .body("data[0].payload.parameters.output.summary", is("done"))
                .body("data[0].payload.parameters.output.confidence", is(new BigDecimal("0.93")));
    }

    @Test
    void agentFailedBecomesAnInvocationErrorInTheSandboxEnvironment() {
        String account = newAccount();
        kafka.send(event(EventType.AGENT_FAILED).account(account).environment("test")
                .agent("agent_flaky", "Flaky Agent").step("step_2", "FAILED").error("Agent timed out after 30000 ms")
                .build());
        stored.awaitCount(account, 1);

        // Read by the account's sandbox key: development is its world (a live key reads nothing of it).
        given().header("X-Account-Id", account).header("X-Environment", "test").contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_flaky", "filters": {"environment": "development"}}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("count", is(1))
                .body("data[0].environment", is("development"))
                .body("data[0].eventName", is("invocation_error"))
                .body("data[0].payload.errorMessage", is("Agent timed out after 30000 ms"))
                .body("data[0].payload.errorStack", nullValue());
    }

    @Test
    void aRedeliveredEventIsStoredOnceAndCountedAsDuplicate() {
        String account = newAccount();
        String execution = newExecution();
        PlatformEvent started = event(EventType.AGENT_STARTED).account(account).execution(execution)
                .agent("agent_once", "Once").query("Count me once").build();
        PlatformEvent marker = event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                .agent("agent_once", "Once").at("2025-10-14T08:40:00Z").build();
        double duplicatesBefore = consumed("agent.started", "duplicate");

        // Same key, so one partition, in order: once the marker is stored both copies were consumed.
        kafka.send(started, started, marker);
        stored.awaitCount(account, 2);

        given().header("X-Account-Id", account).contentType(ContentType.JSON)
                .body("""
                        {"agentId": "agent_once"}""")
                .when().post("/api/v1/events/agent")
                .then().statusCode(200)
                .body("count", is(2))
                .body("data.eventName", contains("node_execution", "invocation_start"));
        assertEquals(duplicatesBefore + 1, consumed("agent.started", "duplicate"));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("analytics_events_consumed_total{outcome=\"duplicate\",type=\"agent.started\"}"))
                .body(containsString("analytics_events_consumed_total{outcome=\"stored\",type=\"agent.completed\"}"));
    }

    @Test
    void executionEventsAreStoredUnderTheirLifecycleNameWithoutAnAgent() {
        String account = newAccount();
        String execution = newExecution();
        kafka.send(
                event(EventType.EXECUTION_STARTED).account(account).execution(execution).status("RUNNING")
                        .query("Plan a trip").build(),
                event(EventType.EXECUTION_COMPLETED).account(account).execution(execution).status("COMPLETED")
                        .cost("0.880000").durationMs(5100).at("2025-10-14T08:38:00Z").build());
        stored.awaitCount(account, 2);

        StoredEvent completed = stored.single(account, "execution.completed");
        assertNull(completed.agentId);
        assertNull(completed.agentName);
        assertEquals(execution, completed.sessionId);
        assertEquals("io.mindmesh.execution.completed", completed.eventType);
        assertEquals("production", completed.environment);
        assertEquals(new BigDecimal("0.88"), readTree(completed.payload).get("cost").decimalValue());
        assertEquals(1, stored.count(account, "execution.started"));
        given().header("X-Account-Id", account)
                .when().get("/api/v1/agents")
                .then().statusCode(200)
                .body("count", is(0));
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheNextOneIsStillStored() {
        String account = newAccount();
        String execution = newExecution();
        String garbage = "not a cloud event " + execution;
        double rejectedBefore = consumed("unknown", "rejected");

        kafka.sendRaw(execution, garbage);
        kafka.send(event(EventType.AGENT_STARTED).account(account).execution(execution)
                .agent("agent_after", "After").build());
        stored.awaitCount(account, 1);

        ConsumerRecord<String, String> dead = KafkaEvents.awaitDeadLetter(r -> garbage.equals(r.value()));
        assertEquals(execution, dead.key());
        assertEquals(KafkaEvents.TOPIC, header(dead, "dead-letter-topic"));
        assertTrue(header(dead, "dead-letter-reason").startsWith("Value is not a CloudEvents JSON event"));
        assertEquals(rejectedBefore + 1, consumed("unknown", "rejected"));
    }

    @Test
    void eventsThatBreakTheContractAreDeadLetteredWithTheirReason() {
        String account = newAccount();
        String execution = newExecution();
        PlatformEvent noAgent = event(EventType.AGENT_STARTED).account(account).execution(execution).build();
        PlatformEvent noAccount = event(EventType.EXECUTION_STARTED).account(null).execution(execution).build();
        // PostgreSQL cannot store a NUL character in jsonb: a permanent, row-level refusal.
        PlatformEvent nulInOutput = event(EventType.AGENT_COMPLETED).account(account).execution(execution)
                .agent("agent_nul", "Nul").output(objectMapper.getNodeFactory().textNode("a\u0000b")).build();
        PlatformEvent marker = event(EventType.AGENT_STARTED).account(account).execution(execution)
                .agent("agent_ok", "Ok").build();

        kafka.send(noAgent, noAccount, nulInOutput, marker);
        stored.awaitCount(account, 1);

        assertEquals("Agent event " + noAgent.id() + " has no data.agentId", deadLetterReason(noAgent));
        assertEquals("Event is missing its CloudEvents attribute accountid", deadLetterReason(noAccount));
        assertTrue(deadLetterReason(nulInOutput).contains("unsupported Unicode escape sequence"));
        assertEquals(1, stored.count(account, "invocation_start"));
    }

    @Test
    void anUnknownEventTypeIsDeadLettered() {
        String account = newAccount();
        String execution = newExecution();
        String id = "evt_unknown_" + execution;
        kafka.sendRaw(execution, """
                {"specversion":"1.0","id":"%s","source":"/orchestrator","type":"io.mindmesh.agent.teleported",
                 "subject":"%s","time":"2025-10-14T08:37:44Z","accountid":"%s","environment":"live",
                 "data":{"agentId":"agent_x"}}""".formatted(id, execution, account));
        kafka.send(event(EventType.AGENT_STARTED).account(account).execution(execution)
                .agent("agent_ok", "Ok").build());
        stored.awaitCount(account, 1);

        ConsumerRecord<String, String> dead = KafkaEvents.awaitDeadLetter(r -> r.value().contains(id));
        assertEquals("Event " + id + " has an unknown type io.mindmesh.agent.teleported",
                header(dead, "dead-letter-reason"));
    }

    private String deadLetterReason(PlatformEvent event) {
        return header(KafkaEvents.awaitDeadLetter(r -> r.value().contains(event.id())), "dead-letter-reason");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private double consumed(String type, String outcome) {
        var counter = meters.find("analytics.events.consumed").tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode readTree(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
