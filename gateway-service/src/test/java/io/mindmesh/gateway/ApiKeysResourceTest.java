package io.mindmesh.gateway;

import static io.mindmesh.gateway.GatewayTestResources.newAccount;
import static io.mindmesh.gateway.GatewayTestResources.newKey;
import static io.mindmesh.gateway.GatewayTestResources.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;

import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(RedisResource.class)
class ApiKeysResourceTest {

    @Inject
    AgroalDataSource database;

    @Test
    void anAccountCreatesAKeyThatWorksAtOnce() {
        String key = newKey(newAccount("developer"), "live");

        String created = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("name", "ci pipeline"))
                .when().post("/v1/api-keys")
                .then().statusCode(201)
                .body("key", matchesPattern("mk_live_[0-9A-Za-z]{40}"))
                .body("environment", equalTo("live"))
                .extract().path("key");

        given().auth().oauth2(created).when().get("/v1/auth/test").then().statusCode(200);
    }

    @Test
    void aSandboxCallerGetsSandboxKeysByDefault() {
        String key = newKey(newAccount("developer"), "test");
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "sandbox two"))
                .when().post("/v1/api-keys")
                .then().statusCode(201).body("key", matchesPattern("mk_test_.*"));
    }

    @Test
    void listingShowsPrefixesButNeverKeys() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        newKey(account, "live");

        given().auth().oauth2(key).when().get("/v1/api-keys?limit=10")
                .then().statusCode(200)
                .body("pagination.total", equalTo(2))
                .body("data.prefix", hasItem(key.substring(0, 12)))
                .body("data", everyItem(not(hasKey("key"))))
                .body("data", everyItem(not(hasKey("keyHash"))));
    }

    @Test
    void renamingAndExpiryAreChangedByPatch() {
        String key = newKey(newAccount("developer"), "live");
        String id = given().auth().oauth2(key).when().get("/v1/api-keys").then().extract().path("data[0].id");

        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("name", "renamed", "expiresAt", "2099-01-01T00:00:00Z"))
                .when().patch("/v1/api-keys/" + id)
                .then().statusCode(200)
                .body("name", equalTo("renamed"))
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"));
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("expiresAt", "2001-01-01T00:00:00Z"))
                .when().patch("/v1/api-keys/" + id)
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("expiresAt"));
    }

    @Test
    void aDeletedKeyIsRefusedOnTheNextRequest() {
        String account = newAccount("developer");
        String admin = newKey(account, "live");
        String doomed = newKey(account, "live");
        given().auth().oauth2(doomed).get("/v1/auth/test").then().statusCode(200);
        String doomedId = given().auth().oauth2(doomed).get("/v1/auth/test").then().extract().path("keyId");

        given().auth().oauth2(admin).when().delete("/v1/api-keys/" + doomedId).then().statusCode(204);

        given().auth().oauth2(doomed).get("/v1/auth/test").then().statusCode(401);
        given().auth().oauth2(admin).when().delete("/v1/api-keys/" + doomedId)
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void aKeyRevokedByAnotherReplicaIsRefusedHereWithinASecond() throws Exception {
        String key = newKey(newAccount("developer"), "live");
        TestClock.SHARED.freezeAt(Instant.now());
        try {
            String keyId = given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200)
                    .extract().path("keyId");

            // Another replica revokes: this one learns nothing but what the database says.
            try (Connection connection = database.getConnection();
                    PreparedStatement revoke = connection.prepareStatement(
                            "update api_keys set revoked_at = now() where id = ?")) {
                revoke.setString(1, keyId);
                assertEquals(1, revoke.executeUpdate());
            }
            given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200); // its copy is still fresh here

            TestClock.SHARED.advance(Duration.ofSeconds(1));
            given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(401);
        } finally {
            TestClock.SHARED.release();
        }
    }

    @Test
    void aSuspensionIsEnforcedAtOnceEvenForAKeyInUse() {
        String account = newAccount("developer");
        String key = newKey(account, "live");
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(200);

        given().auth().oauth2(operatorToken()).when().post("/v1/admin/accounts/" + account + "/suspend")
                .then().statusCode(200);
        given().auth().oauth2(key).get("/v1/auth/test").then().statusCode(403).body("error", equalTo("FORBIDDEN"));
    }

    @Test
    void anotherAccountsKeyDoesNotExist() {
        String mine = newKey(newAccount("developer"), "live");
        String theirs = newKey(newAccount("developer"), "live");
        String theirId = given().auth().oauth2(theirs).get("/v1/auth/test").then().extract().path("keyId");

        given().auth().oauth2(mine).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().patch("/v1/api-keys/" + theirId)
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().auth().oauth2(mine).when().delete("/v1/api-keys/" + theirId).then().statusCode(404);
        given().auth().oauth2(theirs).get("/v1/auth/test").then().statusCode(200);
    }

    @Test
    void badInputIsRejectedInTheEnvelope() {
        String key = newKey(newAccount("developer"), "live");
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("name", "", "environment", "prod"))
                .when().post("/v1/api-keys")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST"));
        given().auth().oauth2(key).when().get("/v1/api-keys?page=abc")
                .then().statusCode(400).body("field", equalTo("page"));
        given().auth().oauth2(key).when().get("/v1/api-keys?limit=101")
                .then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void aKeyCannotCreateAKeyOfTheOtherEnvironment() {
        String account = newAccount("developer");
        String sandbox = newKey(account, "test");
        String live = newKey(account, "live");

        given().auth().oauth2(sandbox).contentType(ContentType.JSON)
                .body(Map.of("name", "escape", "environment", "live"))
                .when().post("/v1/api-keys")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN")).body("field", equalTo("environment"))
                .body("requestId", matchesPattern(".+"));
        given().auth().oauth2(live).contentType(ContentType.JSON)
                .body(Map.of("name", "down", "environment", "test"))
                .when().post("/v1/api-keys")
                .then().statusCode(403).body("field", equalTo("environment"));
        given().auth().oauth2(live).when().get("/v1/api-keys").then().body("pagination.total", equalTo(1));
    }

    @Test
    void aKeyThatExpiresCreatesOnlyKeysThatExpireNoLater() {
        String unbounded = newKey(newAccount("developer"), "live");
        String bounded = given().auth().oauth2(unbounded).contentType(ContentType.JSON)
                .body(Map.of("name", "until 2090", "expiresAt", "2090-01-01T00:00:00Z"))
                .when().post("/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        String boundedId = given().auth().oauth2(bounded).get("/v1/auth/test").then().extract().path("keyId");

        given().auth().oauth2(bounded).contentType(ContentType.JSON).body(Map.of("name", "forever"))
                .when().post("/v1/api-keys")
                .then().statusCode(403).body("error", equalTo("FORBIDDEN")).body("field", equalTo("expiresAt"));
        given().auth().oauth2(bounded).contentType(ContentType.JSON)
                .body(Map.of("name", "later", "expiresAt", "2091-01-01T00:00:00Z"))
                .when().post("/v1/api-keys")
                .then().statusCode(403).body("field", equalTo("expiresAt"));
        given().auth().oauth2(bounded).contentType(ContentType.JSON)
                .body(Map.of("name", "same", "expiresAt", "2090-01-01T00:00:00Z"))
                .when().post("/v1/api-keys")
                .then().statusCode(201);

        // Nor may it extend itself.
        given().auth().oauth2(bounded).contentType(ContentType.JSON).body(Map.of("expiresAt", "2095-01-01T00:00:00Z"))
                .when().patch("/v1/api-keys/" + boundedId)
                .then().statusCode(403).body("field", equalTo("expiresAt"));
        given().auth().oauth2(unbounded).when().get("/v1/api-keys")
                .then().body("data.find { it.id == '" + boundedId + "' }.expiresAt", equalTo("2090-01-01T00:00:00Z"));
    }

    @Test
    void keysOfTheOtherEnvironmentAreInvisible() {
        String account = newAccount("developer");
        String sandbox = newKey(account, "test");
        String live = newKey(account, "live");
        String liveId = given().auth().oauth2(live).get("/v1/auth/test").then().extract().path("keyId");
        String sandboxPrefix = sandbox.substring(0, 12);

        given().auth().oauth2(sandbox).when().get("/v1/api-keys")
                .then().statusCode(200).body("pagination.total", equalTo(1))
                .body("data.prefix", everyItem(equalTo(sandboxPrefix)));
        given().auth().oauth2(sandbox).contentType(ContentType.JSON).body(Map.of("name", "hijacked"))
                .when().patch("/v1/api-keys/" + liveId)
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().auth().oauth2(sandbox).contentType(ContentType.JSON).body(Map.of("scopes", java.util.List.of("wallet:read")))
                .when().patch("/v1/api-keys/" + liveId)
                .then().statusCode(404);
        given().auth().oauth2(sandbox).when().delete("/v1/api-keys/" + liveId).then().statusCode(404);

        given().auth().oauth2(live).get("/v1/auth/test").then().statusCode(200);
        given().auth().oauth2(live).when().get("/v1/api-keys")
                .then().body("data[0].name", equalTo("key")).body("data[0].scopes.size()", equalTo(7));
    }
}
