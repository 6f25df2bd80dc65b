package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.idempotency.IdempotencyStore;
import io.mindmesh.gateway.idempotency.StoredResponse;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store's rules on the real database. Replays of real executions through a running
 * orchestrator are covered by the system tests.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class IdempotencyTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final IdempotencyStore.Scope LIVE_1 = new IdempotencyStore.Scope("acc_1", "live");
    private static final IdempotencyStore.Scope TEST_1 = new IdempotencyStore.Scope("acc_1", "test");
    private static final IdempotencyStore.Scope LIVE_2 = new IdempotencyStore.Scope("acc_2", "live");

    @Inject
    IdempotencyStore store;

    @Test
    void firstRequestClaimsTheKeyAndARetryWhileItRunsIsAConflict() {
        String key = UUID.randomUUID().toString();
        assertTrue(store.claimOrReplay(LIVE_1, key, HASH_A).isEmpty());

        ApiException conflict = assertThrows(ApiException.class, () -> store.claimOrReplay(LIVE_1, key, HASH_A));
        assertEquals(409, conflict.status());
    }

    @Test
    void aCompletedRequestIsReplayedByteForByte() {
        String key = UUID.randomUUID().toString();
        store.claimOrReplay(LIVE_1, key, HASH_A);
        byte[] body = "{\"executionId\":\"exec_1\"}".getBytes(StandardCharsets.UTF_8);
        store.complete(LIVE_1, key, new StoredResponse(202, "application/json", body));

        Optional<StoredResponse> replay = store.claimOrReplay(LIVE_1, key, HASH_A);
        assertEquals(202, replay.orElseThrow().status());
        assertEquals("application/json", replay.get().contentType());
        assertArrayEquals(body, replay.get().body());
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessable() {
        String key = UUID.randomUUID().toString();
        store.claimOrReplay(LIVE_1, key, HASH_A);
        store.complete(LIVE_1, key, new StoredResponse(202, "application/json", new byte[0]));

        ApiException mismatch = assertThrows(ApiException.class, () -> store.claimOrReplay(LIVE_1, key, HASH_B));
        assertEquals(422, mismatch.status());
    }

    @Test
    void keysAreScopedPerAccount() {
        String key = UUID.randomUUID().toString();
        store.claimOrReplay(LIVE_1, key, HASH_A);
        assertTrue(store.claimOrReplay(LIVE_2, key, HASH_B).isEmpty());
    }

    @Test
    void keysAreScopedPerEnvironmentOfOneAccount() {
        String key = UUID.randomUUID().toString();
        store.claimOrReplay(LIVE_1, key, HASH_A);
        store.complete(LIVE_1, key, new StoredResponse(202, "application/json", new byte[0]));

        assertTrue(store.claimOrReplay(TEST_1, key, HASH_B).isEmpty(), "the sandbox claims its own key");
        store.release(TEST_1, key);
        assertEquals(202, store.claimOrReplay(LIVE_1, key, HASH_A).orElseThrow().status(),
                "releasing the sandbox's key left the live answer in place");
    }

    @Test
    void aReleasedKeyCanBeUsedAgain() {
        String key = UUID.randomUUID().toString();
        store.claimOrReplay(LIVE_1, key, HASH_A);
        store.release(LIVE_1, key);
        assertTrue(store.claimOrReplay(LIVE_1, key, HASH_A).isEmpty());
    }

    @Test
    void aFailedForwardDoesNotBurnTheKey() {
        String apiKey = newKey(newAccount("developer"), "live");
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().oauth2(apiKey).header("X-Idempotency-Key", "retry-me").contentType(ContentType.JSON)
                    .body("{\"query\":\"hello\"}")
                    .when().post("/v1/orchestrate")
                    .then().statusCode(503).body("error", equalTo("SERVICE_UNAVAILABLE"));
        }
    }

    @Test
    void aMalformedKeyIsRejected() {
        String apiKey = newKey(newAccount("developer"), "live");
        given().auth().oauth2(apiKey).header("X-Idempotency-Key", "has spaces").contentType(ContentType.JSON)
                .body("{}")
                .when().post("/v1/orchestrate")
                .then().statusCode(400).body("field", equalTo("X-Idempotency-Key"));
    }
}
