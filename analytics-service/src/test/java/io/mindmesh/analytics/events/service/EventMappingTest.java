package io.mindmesh.analytics.events.service;

import static io.mindmesh.analytics.support.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.NewEvent;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventMappingTest {

    @Test
    void agentStartedIsAnInvocationStartTriggeredByOrchestrate() {
        PlatformEvent source = event(EventType.AGENT_STARTED).account("acc_1").execution("exec_1")
                .agent("agent_1", "Support Agent").query("Hello").at("2025-10-14T08:37:44Z").build();

        NewEvent mapped = map(source);

        assertEquals(source.id(), mapped.eventId());
        assertEquals("acc_1", mapped.accountId());
        assertEquals("agent_1", mapped.agentId());
        assertEquals("Support Agent", mapped.agentName());
        assertEquals("exec_1", mapped.sessionId());
        assertEquals("invocation_start", mapped.eventName());
        assertEquals("io.mindmesh.agent.started", mapped.eventType());
        assertEquals(Instant.parse("2025-10-14T08:37:44Z"), mapped.createdAt());
        assertEquals("{\"triggerBody\":{\"content\":\"Hello\",\"sessionId\":\"exec_1\"},\"triggerName\":\"orchestrate\"}",
                mapped.payload().toString());
    }

    @Test
    void agentCompletedIsANodeExecutionWithTheStepAsParameters() {
        PlatformEvent source = event(EventType.AGENT_COMPLETED).execution("exec_2")
                .agent("agent_2", "Research Agent").step("step_3", "COMPLETED").cost("0.250000").durationMs(1800)
                .output(JsonNodeFactory.instance.objectNode().put("answer", 42)).build();

        NewEvent mapped = map(source);

        assertEquals("node_execution", mapped.eventName());
        assertEquals("{\"nodeName\":\"Research Agent\",\"nodeType\":\"agent\",\"nodeDisplayName\":\"Research Agent\","
                + "\"parameters\":{\"stepId\":\"step_3\",\"status\":\"COMPLETED\",\"cost\":0.25,\"durationMs\":1800,"
                + "\"output\":{\"answer\":42}}}", mapped.payload().toString());
        assertEquals(new BigDecimal("0.25"), mapped.payload().at("/parameters/cost").decimalValue());
    }

    @Test
    void agentFailedIsAnInvocationErrorWithoutStack() {
        PlatformEvent source = event(EventType.AGENT_FAILED).agent("agent_3", "Flaky").error("Timed out").build();

        NewEvent mapped = map(source);

        assertEquals("invocation_error", mapped.eventName());
        assertEquals("{\"errorMessage\":\"Timed out\",\"errorStack\":null}", mapped.payload().toString());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "EXECUTION_.*", mode = EnumSource.Mode.MATCH_ALL)
    void executionEventsKeepTheirLifecycleNameAndHaveNoAgent(EventType type) {
        NewEvent mapped = map(event(type).status("DONE").cost("1.2").build());

        assertEquals(type.publicName(), mapped.eventName());
        assertEquals(type.cloudEventType(), mapped.eventType());
        assertNull(mapped.agentId());
        assertNull(mapped.agentName());
        assertEquals("{\"status\":\"DONE\",\"mode\":\"SEQUENTIAL\",\"cost\":1.20}", mapped.payload().toString());
    }

    @Test
    void anAgentWithoutANameIsNamedByItsId() {
        NewEvent mapped = map(event(EventType.AGENT_COMPLETED).agent("agent_4", " ").build());

        assertEquals("agent_4", mapped.agentName());
        assertEquals("agent_4", mapped.payload().get("nodeName").asText());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"live, PRODUCTION", "test, DEVELOPMENT", "NULL, PRODUCTION"})
    void sandboxTrafficIsDevelopmentAndLiveTrafficIsProduction(String platformEnvironment, Environment expected) {
        NewEvent mapped = map(event(EventType.AGENT_STARTED).agent("agent_5", "Five")
                .environment(platformEnvironment).build());

        assertEquals(expected, mapped.environment());
    }

    @Test
    void anAgentEventWithoutAnAgentIsRejected() {
        PlatformEvent source = event(EventType.AGENT_STARTED).build();

        RejectedEventException rejected = assertThrows(RejectedEventException.class, () -> map(source));
        assertEquals("Agent event " + source.id() + " has no data.agentId", rejected.getMessage());
    }

    @Test
    void anEventWithoutItsRequiredAttributesIsRejected() {
        assertRejected(event(EventType.EXECUTION_STARTED).id(" ").build(), "Event is missing its CloudEvents attribute id");
        assertRejected(event(EventType.EXECUTION_STARTED).account(null).build(),
                "Event is missing its CloudEvents attribute accountid");
        assertRejected(event(EventType.EXECUTION_STARTED).execution("").build(),
                "Event is missing its CloudEvents attribute subject");
        PlatformEvent timeless = event(EventType.EXECUTION_STARTED).at((Instant) null).build();
        assertRejected(timeless, "Event " + timeless.id() + " has no time");
    }

    @Test
    void anUnknownTypeIsRejected() {
        PlatformEvent known = event(EventType.AGENT_STARTED).agent("a", "A").build();
        PlatformEvent unknown = new PlatformEvent(known.specversion(), known.id(), known.source(),
                "io.mindmesh.agent.paused", known.subject(), known.time(), known.datacontenttype(), known.accountid(),
                known.environment(), known.requestid(), known.sequence(), known.data());

        assertRejected(unknown, "Event " + known.id() + " has an unknown type io.mindmesh.agent.paused");
    }

    @Test
    void anEventWithoutDataIsRejected() {
        PlatformEvent known = event(EventType.EXECUTION_STARTED).build();
        PlatformEvent empty = new PlatformEvent(known.specversion(), known.id(), known.source(), known.type(),
                known.subject(), known.time(), known.datacontenttype(), known.accountid(), known.environment(),
                known.requestid(), known.sequence(), null);

        assertRejected(empty, "Event " + known.id() + " has no data");
    }

    @Test
    void anAgentStartedWithoutQueryTakesTheQueryOfItsExecution() {
        PlatformEvent source = event(EventType.AGENT_STARTED).execution("exec_9").agent("agent_9", "Nine").build();

        NewEvent mapped = EventMapping.map(source, () -> "Plan a trip to Lisbon");

        assertEquals("Plan a trip to Lisbon", mapped.payload().at("/triggerBody/content").asText());
    }

    @Test
    void theExecutionsQueryIsOnlyLookedUpWhenTheEventLacksOne() {
        Supplier<String> unexpectedLookup = () -> {
            throw new AssertionError("The execution's query was looked up");
        };

        NewEvent mapped = EventMapping.map(event(EventType.AGENT_STARTED).agent("agent_9", "Nine").query("Own query")
                .build(), unexpectedLookup);
        EventMapping.map(event(EventType.AGENT_COMPLETED).agent("agent_9", "Nine").build(), unexpectedLookup);
        assertThrows(RejectedEventException.class,
                () -> EventMapping.map(event(EventType.AGENT_STARTED).build(), unexpectedLookup));

        assertEquals("Own query", mapped.payload().at("/triggerBody/content").asText());
    }

    /** Maps an event whose execution has no stored query. */
    private static NewEvent map(PlatformEvent event) {
        return EventMapping.map(event, () -> null);
    }

    private static void assertRejected(PlatformEvent event, String reason) {
        RejectedEventException rejected = assertThrows(RejectedEventException.class, () -> map(event));
        assertEquals(reason, rejected.getMessage());
        assertTrue(PermanentFailures.isPermanent(rejected));
    }
}
