package io.mindmesh.registry.catalog.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.registry.agent.Agent;
import io.mindmesh.registry.agent.AgentStatus;
import io.mindmesh.registry.agent.repository.AgentRepository;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class DemoCatalogLoaderTest {

    @Inject
    DemoCatalogLoader loader;

    @Inject
    AgentRepository agents;

    @Inject
    EntityManager entityManager;

    @Test
    void loadingAgainInsertsNothingAndChangesNothing() {
        long before = QuarkusTransaction.requiringNew().call(agents::count);

        assertEquals(new DemoCatalogLoader.Loaded(0, 0, 0), loader.load());
        long after = QuarkusTransaction.requiringNew().call(agents::count);
        assertEquals(before, after);
    }

    @Test
    void everyDemoAgentHasItsFirstVersionRecorded() {
        Object name = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select definition ->> 'name' from agent_versions where agent_id = 'agent_email_campaign' and version = 1")
                .getSingleResult());

        assertEquals("email-campaign-agent", name);
    }

    @Test
    void twoReplicasInsertingTheSameAgentAtOnceBothSucceedAndOnlyOneInserts() throws Exception {
        Agent agent = testAgent("race");
        ExecutorService secondReplica = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> second = QuarkusTransaction.requiringNew().call(() -> {
                assertTrue(agents.insertIfAbsent(agent));
                // The second insert starts while the first transaction still holds the new row...
                Future<Boolean> pending = secondReplica.submit(
                        () -> QuarkusTransaction.requiringNew().call(() -> agents.insertIfAbsent(agent)));
                awaitAnotherSessionBlockedOnALock();
                return pending;
                // ...and completes once the first commits.
            });
            assertFalse(second.get(30, TimeUnit.SECONDS));
        } finally {
            secondReplica.shutdownNow();
        }
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> agents.count("id", agent.id())));
    }

    @Test
    void selectionsSeeAgentsAddedAndDeprecatedAfterStartup() {
        Agent agent = testAgent("glacier");
        QuarkusTransaction.requiringNew().run(() -> agents.insertIfAbsent(agent));
        String request = """
                {"query": "Survey glacier meltwater", "verticals": ["%s"]}""".formatted(agent.vertical());

        given().contentType(ContentType.JSON).body(request)
                .when().post("/internal/v1/selections")
                .then().statusCode(200)
                .body("selected.id", contains(agent.id()));

        QuarkusTransaction.requiringNew().run(() -> agents.update("status = ?1 where id = ?2", AgentStatus.DEPRECATED,
                agent.id()));

        given().contentType(ContentType.JSON).body(request)
                .when().post("/internal/v1/selections")
                .then().statusCode(200)
                .body("selected", empty())
                .body("rejected.find { it.id == '%s' }.reason".formatted(agent.id()), is("Agent is deprecated"));
    }

    /** Waits until PostgreSQL shows a session waiting for a lock, that is, the second insert blocked on the first. */
    private void awaitAnotherSessionBlockedOnALock() throws InterruptedException {
        for (int attempt = 0; attempt < 3000; attempt++) {
            Number waiting = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
                    .getSingleResult());
            if (waiting.intValue() > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("The second insert never waited for the first one's row");
    }

    /** An agent in a vertical of its own, so that other tests' filters never see it. */
    private static Agent testAgent(String topic) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Agent("agent_test_" + topic + "_" + suffix, "test-" + topic + "-" + suffix, "Test " + topic,
                "test-" + suffix, List.of(topic + "_survey"),
                "Surveys " + topic + " meltwater for a test of catalog changes.", List.of("survey_area"),
                List.of("survey_report"), new Agent.Pricing(new BigDecimal("0.10"), BigDecimal.ZERO, "survey", 1),
                new Agent.Runtime("simulated", null, null, 400, 0.0), 400, AgentStatus.ACTIVE, 1, null);
    }
}
