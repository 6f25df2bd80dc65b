package io.mindmesh.orchestrator.llmprovider;

import static io.mindmesh.orchestrator.llmprovider.LlmProviderApiTest.freshName;
import static io.mindmesh.orchestrator.llmprovider.LlmProviderApiTest.operator;
import static io.mindmesh.orchestrator.llmprovider.LlmProviderApiTest.patch;
import static io.mindmesh.orchestrator.llmprovider.LlmProviderApiTest.put;
import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.orchestrator.llmprovider.service.LlmProviders;
import io.mindmesh.orchestrator.support.FakeOpenAiResource;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.FakeOpenAi;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live executions of {@code llm} agents whose provider an operator manages through the admin API,
 * against a local OpenAI-compatible server: its key and settings are used, a change takes effect on
 * the next call, a deleted provider fails the step clearly, and the address policy applies with the
 * provider's own {@code allowedHost} only ({@code orchestrator.llm.allowed-hosts} is empty here).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FakeOpenAiResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "allowed-hosts", value = ""))
class ManagedProviderRunsTest {

    private static final String ANSWER = "The launch email is ready for review";

    @FakeOpenAiResource.Fake
    FakeOpenAi fake;

    @Inject
    LlmProviders providers;

    @Inject
    EntityManager em;

    private int requestsBefore;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(new RecordingWallet(), WalletClient.class);
        fake.answer(ANSWER);
        requestsBefore = fake.requests().size();
    }

    @Test
    void anAgentRunsAgainstAnApiManagedProviderWhichOperatorsChangeAndDelete() {
        String name = freshName();
        put(name, Map.of("baseUrl", fake.baseUrl(), "apiKey", FakeOpenAiResource.API_KEY, "allowedHost", "127.0.0.1",
                "maxRetries", 0)).statusCode(201);

        JsonPath view = run(name);
        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(ANSWER, view.getString("steps[0].output"));
        List<FakeOpenAi.Request> requests = newRequests();
        assertEquals(1, requests.size());
        assertEquals("Bearer " + FakeOpenAiResource.API_KEY, requests.getFirst().authorization(),
                "the stored key, decrypted");

        // The replica that made the change uses it on the next call: a new client for the new version.
        patch(name, Map.of("apiKey", "sk-revoked-key-0000")).statusCode(200);
        requestsBefore = fake.requests().size();
        view = run(name);
        assertEquals("FAILED", view.getString("steps[0].status"));
        assertEquals("Provider " + name + " refused the call of agent copywriter with HTTP 401 (invalid_api_key)",
                view.getString("steps[0].error"));
        assertEquals("Bearer sk-revoked-key-0000", newRequests().getFirst().authorization());

        operator().when().delete("/internal/v1/llm-providers/" + name).then().statusCode(204);
        requestsBefore = fake.requests().size();
        view = run(name);
        assertEquals("FAILED", view.getString("steps[0].status"));
        assertTrue(view.getString("steps[0].error").startsWith("LLM_PROVIDER_UNKNOWN: agent copywriter names provider "
                + name + ", which is neither configured nor managed"), view.getString("steps[0].error"));
        assertEquals(0, newRequests().size());
    }

    @Test
    void theAllowedHostOfOneProviderLetsNoOtherProviderReachIt() {
        String allowed = freshName();
        put(allowed, Map.of("baseUrl", fake.baseUrl(), "apiKey", FakeOpenAiResource.API_KEY, "allowedHost",
                "127.0.0.0/8")).statusCode(201);
        // Written as another replica would (or by a DNS change after the check): the runtime checks each call.
        String stray = freshName();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into llm_providers (name, base_url, timeout_ms, max_retries, version, created_at, updated_at)
                values (?1, ?2, 5000, 0, nextval('llm_provider_versions'), now(), now())""")
                .setParameter(1, stray).setParameter(2, fake.baseUrl()).executeUpdate());
        await().atMost(Duration.ofSeconds(5)).until(() -> providers.find(stray).isPresent());

        JsonPath view = run(stray);
        assertEquals("FAILED", view.getString("steps[0].status"));
        assertTrue(view.getString("steps[0].error").startsWith("LLM_PROVIDER_REFUSED: provider " + stray
                + " is at a loopback address"), view.getString("steps[0].error"));
        assertEquals(0, newRequests().size(), "never called");

        assertEquals("COMPLETED", run(allowed).getString("status"));
    }

    private JsonPath run(String provider) {
        var caller = TestCallers.live();
        return awaitFinished(caller, TestExecutions.submitWith(caller,
                TestAgents.llm(provider, "copywriter", "Write: {{query}}", 50, "0.11", null)));
    }

    private List<FakeOpenAi.Request> newRequests() {
        List<FakeOpenAi.Request> all = fake.requests();
        return all.subList(requestsBefore, all.size());
    }
}
