package io.mindmesh.registry.agent.rest;

import static io.mindmesh.registry.TestCatalog.agentJson;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * An agent's signing secret is made at registration and shown to the operator that once, kept
 * encrypted, rotatable, and read by the orchestrator; no catalog read shows it or the runtime's
 * address to API consumers.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class AgentSigningSecretTest {

    @Inject
    EntityManager em;

    @Test
    void registrationShowsTheSecretOnceAndTheOrchestratorReadsTheSame() {
        String suffix = suffix();
        String id = "agent_signed_" + suffix;
        String secret = given().contentType(ContentType.JSON).body(httpAgent(id, suffix))
                .when().post("/internal/v1/agents")
                .then().statusCode(201).extract().path("signingSecret");

        assertTrue(secret.matches("mms_[A-Za-z0-9_-]{43}"), secret);
        given().when().get("/internal/v1/agents/" + id).then().statusCode(200).body("$", not(hasKey("signingSecret")));
        given().when().get("/v1/agents/" + id).then().statusCode(200)
                .body("$", not(hasKey("signingSecret")))
                .body("runtime.type", is("http"))
                .body("runtime", not(hasKey("endpoint")))
                .body("runtime", not(hasKey("timeoutMs")));
        given().when().get("/internal/v1/agent-secrets/" + id).then().statusCode(200)
                .body("agentId", is(id))
                .body("signingSecret", is(secret));

        String stored = stored(id);
        assertTrue(stored.startsWith("v1:"), "encrypted at rest");
        assertFalse(stored.contains(secret.substring(4)), "never in clear");
    }

    @Test
    void aRotationReplacesTheSecret() {
        String suffix = suffix();
        String id = "agent_rotated_" + suffix;
        String first = given().contentType(ContentType.JSON).body(httpAgent(id, suffix))
                .when().post("/internal/v1/agents").then().statusCode(201).extract().path("signingSecret");

        String second = given().when().post("/internal/v1/agents/" + id + "/signing-secret")
                .then().statusCode(200).body("agentId", is(id)).extract().path("signingSecret");

        assertNotEquals(first, second);
        assertEquals(second, given().when().get("/internal/v1/agent-secrets/" + id).then().statusCode(200)
                .extract().path("signingSecret"));
    }

    @Test
    void anAgentWithoutASecretGetsOneOnFirstReadAndUnknownAgentsAre404() {
        String suffix = suffix();
        String id = "agent_legacy_" + suffix;
        given().contentType(ContentType.JSON).body(httpAgent(id, suffix))
                .when().post("/internal/v1/agents").then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("delete from agent_signing_secrets where agent_id = ?1")
                .setParameter(1, id).executeUpdate());

        String made = given().when().get("/internal/v1/agent-secrets/" + id).then().statusCode(200)
                .extract().path("signingSecret");
        assertEquals(made, given().when().get("/internal/v1/agent-secrets/" + id).then().statusCode(200)
                .extract().path("signingSecret"), "made once, then kept");

        given().when().get("/internal/v1/agent-secrets/agent_nobody_" + suffix).then().statusCode(404)
                .body("error", is("NOT_FOUND"));
        given().when().post("/internal/v1/agents/agent_nobody_" + suffix + "/signing-secret").then().statusCode(404)
                .body("error", is("NOT_FOUND"));
    }

    private static String httpAgent(String id, String suffix) {
        return with(with(agentJson(suffix), "id", "\"" + id + "\""), "runtime",
                "{\"type\": \"http\", \"endpoint\": \"https://agents.example.com/" + suffix + "\", \"timeoutMs\": 30000}");
    }

    private String stored(String id) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em
                .createNativeQuery("select secret from agent_signing_secrets where agent_id = ?1")
                .setParameter(1, id).getSingleResult());
    }
}
