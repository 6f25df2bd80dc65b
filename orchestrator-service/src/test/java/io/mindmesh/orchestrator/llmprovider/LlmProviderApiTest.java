package io.mindmesh.orchestrator.llmprovider;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.orchestrator.llmprovider.service.ProviderKeys;
import io.mindmesh.orchestrator.support.FakeOpenAiResource;
import io.mindmesh.testing.FakeOpenAi;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operators' LLM provider API ({@code /internal/v1/llm-providers}, {@code /v1/admin/llm-providers}
 * through the gateway): create, replace, change and delete; keys never shown and encrypted at rest;
 * every bad value a 400 naming its field that changes nothing; configured providers listed but
 * read-only. Only public addresses are allowed here ({@code orchestrator.llm.allowed-hosts} empty), so
 * a provider on loopback needs its own {@code allowedHost}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FakeOpenAiResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "allowed-hosts", value = ""))
class LlmProviderApiTest {

    private static final String PATH = "/internal/v1/llm-providers/";
    private static final String KEY = "sk-live-0123456789abcdefWXYZ";

    @FakeOpenAiResource.Fake
    FakeOpenAi fake;

    @Inject
    EntityManager em;

    @Inject
    ProviderKeys keys;

    @Test
    void anOperatorCreatesReplacesChangesAndDeletesAProvider() {
        String name = freshName();
        put(name, Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", KEY))
                .statusCode(201)
                .body("name", equalTo(name))
                .body("source", equalTo("api"))
                .body("baseUrl", equalTo("https://api.openai.com/v1"))
                .body("apiKeySet", equalTo(true))
                .body("apiKeyLast4", equalTo("WXYZ"))
                .body("timeoutMs", equalTo(60000))
                .body("maxRetries", equalTo(2))
                .body("allowedHost", nullValue())
                .body("createdAt", notNullValue());

        put(name, Map.of("baseUrl", "https://eu.example.com/v1", "timeoutMs", 30000, "maxRetries", 0))
                .statusCode(200)
                .body("baseUrl", equalTo("https://eu.example.com/v1"))
                // A replacement without a key has none.
                .body("apiKeySet", equalTo(false))
                .body("timeoutMs", equalTo(30000))
                .body("maxRetries", equalTo(0));

        patch(name, Map.of("apiKey", "sk-second-key-00001111")).statusCode(200)
                .body("apiKeySet", equalTo(true))
                .body("apiKeyLast4", equalTo("1111"))
                // What the patch does not name is kept.
                .body("baseUrl", equalTo("https://eu.example.com/v1"))
                .body("timeoutMs", equalTo(30000));
        patch(name, Map.of("maxRetries", 5)).statusCode(200)
                .body("maxRetries", equalTo(5))
                .body("apiKeyLast4", equalTo("1111"));
        Map<String, Object> removeKey = new LinkedHashMap<>();
        removeKey.put("apiKey", null);
        patch(name, removeKey).statusCode(200).body("apiKeySet", equalTo(false)).body("apiKeyLast4", nullValue());

        given().when().get(PATH).then().statusCode(200)
                .body("data.name", hasItem(name))
                .body("data.find { it.name == '" + name + "' }.source", equalTo("api"));
        given().when().get(PATH + name).then().statusCode(200).body("maxRetries", equalTo(5));

        operator().when().delete(PATH + name).then().statusCode(204);
        given().when().get(PATH + name).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        operator().when().delete(PATH + name).then().statusCode(404);
        patch(name, Map.of("maxRetries", 1)).statusCode(404);
        given().when().get(PATH).then().body("data.name", not(hasItem(name)));
    }

    @Test
    void theKeyIsNeverShownAndIsStoredEncryptedUnderTheProvidersName() {
        String name = freshName();
        String created = put(name, Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", KEY)).statusCode(201)
                .extract().asString();
        assertFalse(created.contains(KEY) || created.contains("0123456789abcdef"), created);
        String listed = given().when().get(PATH).then().statusCode(200).extract().asString();
        assertFalse(listed.contains(KEY), listed);

        String stored = storedKey(name);
        assertTrue(stored.startsWith("v1:"), "AES-GCM, like webhook secrets: " + stored);
        assertFalse(stored.contains(KEY) || stored.contains("WXYZ"), stored);
        assertEquals(KEY, keys.decrypt(name, stored));
        assertThrows(IllegalStateException.class, () -> keys.decrypt(name + "-copy", stored),
                "the name is the associated data: a key copied to another provider does not decrypt");

        patch(name, Map.of("apiKey", "sk-replacement-key-9999")).statusCode(200);
        assertNotEquals(stored, storedKey(name));
        assertEquals("sk-replacement-key-9999", keys.decrypt(name, storedKey(name)));
    }

    @Test
    void aShortKeyShowsNoHint() {
        String name = freshName();
        put(name, Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", "sk-short"))
                .statusCode(201).body("apiKeySet", equalTo(true)).body("apiKeyLast4", nullValue());
    }

    @Test
    void everyBadValueIsA400NamingItsFieldAndChangesNothing() {
        List<Object[]> cases = List.of(
                new Object[] {"baseUrl", Map.of("apiKey", KEY)},
                new Object[] {"baseUrl", Map.of("baseUrl", "ftp://models.example.com/v1")},
                new Object[] {"baseUrl", Map.of("baseUrl", "/v1")},
                new Object[] {"baseUrl", Map.of("baseUrl", "https://user:secret@models.example.com/v1")},
                new Object[] {"baseUrl", Map.of("baseUrl", "https://models.example.com/v1?key=secret")},
                new Object[] {"baseUrl", Map.of("baseUrl", "https://models example.com/v1")},
                new Object[] {"baseUrl", Map.of("baseUrl", 42)},
                new Object[] {"baseUrl", Map.of("baseUrl", "http://169.254.169.254/v1")},
                new Object[] {"baseUrl", Map.of("baseUrl", "http://10.1.2.3:8000/v1")},
                new Object[] {"apiKey", Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", "")},
                new Object[] {"apiKey", Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", "sk with space")},
                new Object[] {"apiKey", Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", 12345)},
                new Object[] {"timeoutMs", Map.of("baseUrl", "https://api.openai.com/v1", "timeoutMs", 999)},
                new Object[] {"timeoutMs", Map.of("baseUrl", "https://api.openai.com/v1", "timeoutMs", 600001)},
                new Object[] {"timeoutMs", Map.of("baseUrl", "https://api.openai.com/v1", "timeoutMs", "5000")},
                new Object[] {"timeoutMs", Map.of("baseUrl", "https://api.openai.com/v1", "timeoutMs", 1500.5)},
                new Object[] {"maxRetries", Map.of("baseUrl", "https://api.openai.com/v1", "maxRetries", 6)},
                new Object[] {"maxRetries", Map.of("baseUrl", "https://api.openai.com/v1", "maxRetries", -1)},
                new Object[] {"allowedHost", Map.of("baseUrl", "https://api.openai.com/v1", "allowedHost", "not a host")},
                new Object[] {"allowedHost", Map.of("baseUrl", "https://api.openai.com/v1", "allowedHost", "0.0.0.0/0")},
                new Object[] {"allowedHost", Map.of("baseUrl", "https://api.openai.com/v1", "allowedHost", "10.0.0.0/99")},
                new Object[] {"model", Map.of("baseUrl", "https://api.openai.com/v1", "model", "gpt-4o")});
        for (Object[] c : cases) {
            String name = freshName();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) c[1];
            ExtractableResponse<Response> answer = put(name, body).extract();
            String what = body + " answered " + answer.asString();
            assertEquals(400, answer.statusCode(), what);
            assertEquals("INVALID_REQUEST", answer.path("error"), what);
            assertEquals(c[0], answer.path("field"), what);
            assertTrue(answer.<String>path("message").startsWith((String) c[0]), what);
            given().when().get(PATH + name).then().statusCode(404);
        }
    }

    @Test
    void aBadPatchIsA400AndLeavesTheProviderAsItWas() {
        String name = freshName();
        put(name, Map.of("baseUrl", "https://api.openai.com/v1", "apiKey", KEY, "timeoutMs", 20000)).statusCode(201);
        Map<String, Object> removeBaseUrl = new LinkedHashMap<>();
        removeBaseUrl.put("baseUrl", null);
        patch(name, removeBaseUrl).statusCode(400).body("field", equalTo("baseUrl"));
        patch(name, Map.of("timeoutMs", 0)).statusCode(400).body("field", equalTo("timeoutMs"));
        patch(name, Map.of("apiKey", "new-key-value-abcd", "maxRetries", 9)).statusCode(400)
                .body("field", equalTo("maxRetries"));
        given().when().get(PATH + name).then().statusCode(200)
                .body("timeoutMs", equalTo(20000)).body("maxRetries", equalTo(2)).body("apiKeyLast4", equalTo("WXYZ"));
    }

    @Test
    void theNameTheBodyAndTheOperatorAreChecked() {
        for (String name : List.of("Open_AI", "open--ai", "-openai", "x".repeat(64))) {
            put(name, Map.of("baseUrl", "https://api.openai.com/v1")).statusCode(400).body("field", equalTo("name"));
        }
        operator().contentType(ContentType.JSON).body("[1, 2]").when().put(PATH + freshName()).then()
                .statusCode(400).body("field", equalTo("body"));
        operator().contentType(ContentType.JSON).body("{\"baseUrl\":").when().put(PATH + freshName()).then()
                .statusCode(400).body("field", equalTo("body"));
        String name = freshName();
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://api.openai.com/v1"))
                .when().put(PATH + name).then().statusCode(400).body("field", equalTo("X-Operator"));
        given().when().get(PATH + name).then().statusCode(404);
    }

    @Test
    void configuredProvidersAreListedButReadOnly() {
        given().when().get(PATH).then().statusCode(200)
                .body("data[0].name", equalTo("fake"))
                .body("data[0].source", equalTo("config"))
                .body("data[0].baseUrl", equalTo(fake.baseUrl()))
                .body("data[0].apiKeySet", equalTo(true))
                .body("data[0].timeoutMs", equalTo(5000))
                .body("data[0].maxRetries", equalTo(1));
        given().when().get(PATH + "fake").then().statusCode(200).body("source", equalTo("config"));

        put("fake", Map.of("baseUrl", "https://api.openai.com/v1")).statusCode(409)
                .body("error", equalTo("CONFLICT")).body("name", equalTo("fake"))
                .body("message", startsWith("LLM provider fake is configured"));
        patch("fake", Map.of("maxRetries", 0)).statusCode(409).body("name", equalTo("fake"));
        operator().when().delete(PATH + "fake").then().statusCode(409).body("name", equalTo("fake"));
        given().when().get(PATH + "fake").then().statusCode(200).body("maxRetries", equalTo(1));
    }

    @Test
    void anInternalAddressNeedsTheProvidersOwnAllowedHost() {
        String name = freshName();
        put(name, Map.of("baseUrl", fake.baseUrl())).statusCode(400)
                .body("field", equalTo("baseUrl"))
                .body("message", startsWith("baseUrl is not allowed: host 127.0.0.1 resolves to a loopback address"));
        put(name, Map.of("baseUrl", fake.baseUrl(), "allowedHost", "127.0.0.1")).statusCode(201)
                .body("allowedHost", equalTo("127.0.0.1"));
        Map<String, Object> removeHost = new LinkedHashMap<>();
        removeHost.put("allowedHost", null);
        patch(name, removeHost).statusCode(400).body("field", equalTo("baseUrl"));
        patch(name, Map.of("allowedHost", "127.0.0.0/8")).statusCode(200).body("allowedHost", equalTo("127.0.0.0/8"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    static String freshName() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification operator() {
        return given().header("X-Operator", "ops@example.com");
    }

    static ValidatableResponse put(String name, Map<String, Object> body) {
        return operator().contentType(ContentType.JSON).body(body).when().put(PATH + name).then();
    }

    static ValidatableResponse patch(String name, Map<String, Object> body) {
        return operator().contentType(ContentType.JSON).body(body).when().patch(PATH + name).then();
    }

    private String storedKey(String name) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em
                .createNativeQuery("select api_key from llm_providers where name = ?1").setParameter(1, name)
                .getSingleResult());
    }
}
