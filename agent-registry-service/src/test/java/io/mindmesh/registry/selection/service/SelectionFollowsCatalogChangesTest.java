package io.mindmesh.registry.selection.service;

import static io.mindmesh.registry.TestCatalog.agentJson;
import static io.mindmesh.registry.TestCatalog.createAgent;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.mindmesh.registry.agent.AgentStatus;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Operators' changes reach the selection index at once. Every request goes through the same
 * fingerprint check a second replica would make, so what holds here holds across replicas.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class SelectionFollowsCatalogChangesTest {

    @Inject
    AgentRepository agents;

    @Test
    void aCreatedAgentIsSelectableAtOnce() {
        String suffix = suffix();
        String id = createAgent(suffix);

        select("Sample glacier meltwater", suffix)
                .body("selected.id", contains(id))
                .body("selected[0].confidence", is(1.0f));
    }

    @Test
    void aNewVersionIsWhatTheNextSelectionRanks() {
        String suffix = suffix();
        String id = createAgent(suffix);
        select("sediment", suffix).body("selected.id", contains(id));

        given().contentType(ContentType.JSON)
                .body(with(agentJson(suffix), "description", "\"Maps crevasses on glaciers for rope teams.\""))
                .when().put("/internal/v1/agents/" + id)
                .then().statusCode(200);

        select("sediment", suffix)
                .body("selected", empty())
                .body("rejected.find { it.id == '%s' }.reason".formatted(id), is("Confidence 0 is below minConfidence 0.7"));
        select("crevasses", suffix).body("selected.id", contains(id));
    }

    @Test
    void aDeprecatedAgentIsNeverSelectedAgain() {
        String suffix = suffix();
        String id = createAgent(suffix);

        given().when().post("/internal/v1/agents/" + id + "/deprecate").then().statusCode(200);

        select("Sample glacier meltwater", suffix)
                .body("selected", empty())
                .body("rejected.find { it.id == '%s' }.reason".formatted(id), is("Agent is deprecated"));
    }

    /**
     * A change that commits after a later-started one has committed must still be seen: a
     * fingerprint made of timestamps taken at write time would miss it, the revision sum does not.
     */
    @Test
    void aChangeCommittedAfterALaterOneIsStillSeen() {
        String suffix = suffix();
        String early = createAgent(suffix);
        String lateSuffix = suffix();
        String late = createAgent(lateSuffix);
        String bothVerticals = "test-" + suffix;

        QuarkusTransaction.requiringNew().run(() -> {
            // The early transaction changes its agent first, and stays open...
            agents.update("status = ?1 where id = ?2", AgentStatus.DEPRECATED, early);
            // ...while a later one changes another agent and commits; a selection then indexes the catalog.
            given().contentType(ContentType.JSON).body("{\"vertical\": \"%s\"}".formatted(bothVerticals))
                    .when().patch("/internal/v1/agents/" + late)
                    .then().statusCode(200);
            select("Sample glacier meltwater", suffix).body("selected.id", containsInAnyOrder(early, late));
        });

        select("Sample glacier meltwater", suffix)
                .body("selected.id", contains(late))
                .body("rejected.find { it.id == '%s' }.reason".formatted(early), is("Agent is deprecated"));
    }

    private static ValidatableResponse select(String query, String suffix) {
        return given().contentType(ContentType.JSON)
                .body("{\"query\": \"%s\", \"verticals\": [\"test-%s\"]}".formatted(query, suffix))
                .when().post("/internal/v1/selections")
                .then().statusCode(200);
    }
}
