package io.mindmesh.analytics.agents;

import static io.mindmesh.analytics.support.TestEvents.event;
import static io.mindmesh.analytics.support.TestEvents.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.support.KafkaEvents;
import io.mindmesh.analytics.support.StoredEvents;
import io.mindmesh.common.events.EventType;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "analytics"))
@QuarkusTestResource(KafkaResource.class)
class AgentsListTest {

    @Inject
    ObjectMapper objectMapper;

    @Inject
    StoredEvents stored;

    /** The public API documents the list under both paths (docs/public-api.md#agents-list). */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/agents", "/api/v1/agents/list"})
    void listsTheAgentsOfTheCallersEventsInTheOrderTheyFirstAppeared(String path) {
        String account = newAccount();
        try (KafkaEvents kafka = new KafkaEvents(objectMapper)) {
            kafka.send(
                    event(EventType.AGENT_STARTED).account(account).agent("agent_sales", "Sales Assistant")
                            .at("2025-10-15T14:20:00Z").build(),
                    event(EventType.AGENT_STARTED).account(account).agent("agent_support", "Support Bot")
                            .at("2025-10-01T10:30:00Z").build(),
                    // A later event renames the agent: the list shows the latest name, the first time seen.
                    event(EventType.AGENT_COMPLETED).account(account).agent("agent_support", "My Support Agent")
                            .at("2025-10-20T09:00:00Z").build(),
                    // Sandbox traffic is another world: a live key never lists its agents.
                    event(EventType.AGENT_STARTED).account(account).agent("agent_sandbox", "Sandbox Only")
                            .at("2025-09-01T00:00:00Z").environment("test").build(),
                    event(EventType.EXECUTION_STARTED).account(account).at("2025-09-01T00:00:00Z").build(),
                    event(EventType.AGENT_STARTED).account(newAccount()).agent("agent_foreign", "Not Yours")
                            .at("2025-09-01T00:00:00Z").build());
        }
        stored.awaitCount(account, 5);

        given().header("X-Account-Id", account)
                .when().get(path)
                .then().statusCode(200)
                .body("success", is(true))
                .body("count", is(2))
                .body("data.agentId", contains("agent_support", "agent_sales"))
                .body("data.displayName", contains("My Support Agent", "Sales Assistant"))
                .body("data.createdAt", contains("2025-10-01T10:30:00.000Z", "2025-10-15T14:20:00.000Z"));
        given().header("X-Account-Id", account).header("X-Environment", "test")
                .when().get(path)
                .then().statusCode(200)
                .body("count", is(1))
                .body("data.agentId", contains("agent_sandbox"))
                .body("data.displayName", contains("Sandbox Only"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/agents", "/api/v1/agents/list"})
    void anAccountWithoutEventsHasNoAgents(String path) {
        given().header("X-Account-Id", newAccount())
                .when().get(path)
                .then().statusCode(200)
                .body("success", is(true))
                .body("count", is(0))
                .body("data", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/agents", "/api/v1/agents/list"})
    void aCallerWithoutIdentityIsUnauthorized(String path) {
        given()
                .when().get(path)
                .then().statusCode(401)
                .body("error", is("UNAUTHORIZED"))
                .body("message", is("Missing caller identity"));
    }
}
