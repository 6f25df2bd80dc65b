package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request with a cached key takes no database connection at all: the work per request that the
 * gateway benchmark counts, asserted without a clock or a machine in the figure.
 */
@QuarkusTest
@TestProfile(CachedKeyReadsNothingTest.LongKeyCache.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class CachedKeyReadsNothingTest {

    /** A key cache that cannot expire during the test, and connection counts from the pool. */
    public static class LongKeyCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.key-cache.ttl", "60s", "quarkus.datasource.jdbc.enable-metrics", "true",
                    "quarkus.datasource.metrics.enabled", "true");
        }
    }

    @Inject
    AgroalDataSource database;

    @Test
    void aCachedKeyIsAuthenticatedRateLimitedAndForwardedWithoutADatabaseRead() {
        String key = newKey(newAccount("enterprise"), "live");
        given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(200);
        long uncached = database.getMetrics().acquireCount();
        given().auth().oauth2("mk_live_" + "0123456789".repeat(4)).when().get("/v1/auth/test").then().statusCode(401);
        assertTrue(database.getMetrics().acquireCount() > uncached,
                "the pool counts acquisitions: a key seen for the first time is read from PostgreSQL");

        long before = database.getMetrics().acquireCount();
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(key).when().get("/v1/auth/test").then().statusCode(200);
            given().header("x-api-key", key).when().get("/v1/wallet").then().statusCode(503);
        }
        assertEquals(0, database.getMetrics().acquireCount() - before,
                "database connections taken by 40 requests with a cached key");
    }
}
