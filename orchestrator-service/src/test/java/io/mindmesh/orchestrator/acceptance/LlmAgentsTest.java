package io.mindmesh.orchestrator.acceptance;

import static io.mindmesh.orchestrator.support.TestExecutions.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.support.FakeOpenAiResource;
import io.mindmesh.orchestrator.support.RecordingWallet;
import io.mindmesh.orchestrator.support.TestAgents;
import io.mindmesh.orchestrator.support.TestCallers;
import io.mindmesh.orchestrator.support.TestExecutions;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.FakeOpenAi;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live executions of {@code llm} agents through the public API against a local OpenAI-compatible
 * server ({@link FakeOpenAi}, provider {@code fake}): the step's cost comes from the tokens it
 * reports × the agent's prices, {@code max_tokens} from what the quote leaves, an over-reporting
 * endpoint is charged the quote, 429 is retried after its Retry-After, 5xx by the engine's next
 * attempt, refusals fail the step with a clear error, and sandbox callers never reach the model.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FakeOpenAiResource.class, restrictToAnnotatedClass = true)
class LlmAgentsTest {

    private static final String ANSWER = "The launch email is ready for review";
    /** "You write marketing copy." (4) + "Write: Write a launch email" (5), one token a word. */
    private static final long PROMPT_TOKENS = 9;
    private static final long ANSWER_TOKENS = 7;

    @FakeOpenAiResource.Fake
    FakeOpenAi fake;

    private RecordingWallet wallet;
    private Caller caller;
    private int requestsBefore;

    @BeforeEach
    void setUp() {
        wallet = new RecordingWallet();
        QuarkusMock.installMockForType(wallet, WalletClient.class);
        caller = TestCallers.live();
        fake.answer(ANSWER);
        requestsBefore = fake.requests().size();
    }

    @Test
    void aStepCostsItsBasePriceAndTheReportedTokensTimesThePrices() {
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(ANSWER, view.getString("steps[0].output"));
        assertEquals(ANSWER, view.getString("result.copywriter"));
        assertEquals(PROMPT_TOKENS, view.getLong("steps[0].usage.inputTokens"));
        assertEquals(ANSWER_TOKENS, view.getLong("steps[0].usage.outputTokens"));
        assertEquals(PROMPT_TOKENS + ANSWER_TOKENS, view.getLong("steps[0].usage.units"));
        // 0.01 + 9 × 0.50 / 1000 + 7 × 1.00 / 1000
        BigDecimal stepCost = new BigDecimal("0.0215");
        assertEquals(0, stepCost.compareTo(new BigDecimal(view.getString("steps[0].cost"))));
        assertCharged(view, "0.0315"); // 0.0215 + the minimum fee 0.01 (10 % would be 0.00215)

        List<FakeOpenAi.Request> requests = newRequests();
        assertEquals(1, requests.size());
        JsonNode request = requests.getFirst().body();
        assertEquals("Bearer " + FakeOpenAiResource.API_KEY, requests.getFirst().authorization());
        assertEquals("You write marketing copy.", request.at("/messages/0/content").asText());
        assertEquals("system", request.at("/messages/0/role").asText());
        assertEquals("Write: Write a launch email", request.at("/messages/1/content").asText());
        assertEquals(0.2, request.get("temperature").asDouble());
        assertEquals(50, request.get("max_tokens").asLong(), "the agent's limit: the quote pays for more");
    }

    @Test
    void maxTokensIsWhatTheQuoteLeavesAndAnOverReportingEndpointIsChargedTheQuote() {
        fake.thenOverLong(100);
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 1000, "0.03", null));

        // The quote 0.03 minus the base 0.01 minus the prompt (about 14 tokens: 0.007) pays 13 output tokens.
        assertEquals(13, newRequests().getFirst().body().get("max_tokens").asLong());
        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(ANSWER_TOKENS + 100, view.getLong("steps[0].usage.outputTokens"), "the usage is shown as reported");
        assertEquals(0, new BigDecimal("0.03").compareTo(new BigDecimal(view.getString("steps[0].cost"))),
                "charged its quote, not 0.01 + 0.0045 + 0.107");
        Hold hold = assertCharged(view, "0.04"); // 0.03 + the minimum fee 0.01
        assertTrue(hold.captured().compareTo(hold.amount()) <= 0, "never more than the hold");
    }

    @Test
    void aRateLimitedCallIsRetriedAfterItsRetryAfter() {
        fake.thenRateLimited(1);
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(1, view.getInt("steps[0].attempts"), "the client retried within the attempt");
        List<FakeOpenAi.Request> requests = newRequests();
        assertEquals(2, requests.size());
        long waited = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()).toMillis();
        assertTrue(waited >= 950, "Retry-After: 1 was honoured, the retry came after " + waited + " ms");
        assertCharged(view, "0.0315"); // 0.0215 + the minimum fee 0.01
    }

    @Test
    void serverErrorsAreRetriedAndAFailedAttemptCostsNothing() {
        fake.thenServerError().thenServerError();
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals(2, view.getInt("steps[0].attempts"), "the client's retry failed too; the engine's next attempt ran");
        assertEquals(3, newRequests().size());
        assertCharged(view, "0.0315"); // 0.0215 + the minimum fee 0.01
    }

    @Test
    void aContentFilterRefusalFailsTheStepClearlyWithoutRetryOrCharge() {
        fake.thenContentFilter();
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("FAILED", view.getString("status"));
        assertEquals("FAILED", view.getString("steps[0].status"));
        assertTrue(view.getString("steps[0].error").startsWith("LLM_CONTENT_FILTERED: provider fake refused"),
                view.getString("steps[0].error"));
        assertEquals(1, newRequests().size(), "a refusal is not retried");
        assertReleased(view);
    }

    @Test
    void aPromptLongerThanTheModelTakesFailsTheStepClearly() {
        fake.thenContextTooLong();
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("FAILED", view.getString("steps[0].status"));
        assertTrue(view.getString("steps[0].error").startsWith("LLM_CONTEXT_TOO_LONG: the prompt of agent copywriter"),
                view.getString("steps[0].error"));
        assertEquals(1, newRequests().size());
        assertReleased(view);
    }

    @Test
    void aSlowBodyTimesOutEveryAttemptAndFailsTheStep() {
        fake.thenSlow(2000).thenSlow(2000).thenSlow(2000).thenSlow(2000);
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", 300L));

        assertEquals("FAILED", view.getString("steps[0].status"));
        assertEquals(2, view.getInt("steps[0].attempts"));
        assertTrue(view.getString("steps[0].error").contains("did not answer agent copywriter within 300 ms"),
                view.getString("steps[0].error"));
        assertReleased(view);
    }

    @Test
    void aPromptTheQuoteCannotPayForIsNeverSent() {
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}} " + "very long ".repeat(20), 50, "0.011",
                null));

        assertEquals("FAILED", view.getString("steps[0].status"));
        assertTrue(view.getString("steps[0].error").startsWith("LLM_BUDGET_EXCEEDED: the prompt of agent copywriter"),
                view.getString("steps[0].error"));
        assertEquals(0, newRequests().size());
        assertReleased(view);
    }

    @Test
    void sandboxCallersNeverCallTheModel() {
        caller = TestCallers.sandbox();
        JsonPath view = run(TestAgents.llm("copywriter", "Write: {{query}}", 50, "0.11", null));

        assertEquals("COMPLETED", view.getString("status"), view.getString("steps[0].error"));
        assertEquals("copywriter", view.getString("steps[0].output.agent"), "the simulated runtime answered");
        assertEquals(0, newRequests().size());
        assertTrue(wallet.holds().isEmpty());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private JsonPath run(SelectedAgent agent) {
        return awaitFinished(caller, TestExecutions.submitWith(caller, agent));
    }

    private List<FakeOpenAi.Request> newRequests() {
        List<FakeOpenAi.Request> all = fake.requests();
        return all.subList(requestsBefore, all.size());
    }

    /** Captured exactly {@code total}, the step plus the developer fee (10 %, at least 0.01); the rest released. */
    private Hold assertCharged(JsonPath view, String total) {
        BigDecimal expected = new BigDecimal(total);
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals(0, expected.compareTo(hold.captured()), "captured " + hold.captured() + ", expected " + expected);
        assertEquals(0, expected.compareTo(new BigDecimal(view.getString("actualCost"))));
        assertEquals(0, hold.amount().compareTo(hold.captured().add(hold.released())), "the rest is released");
        return hold;
    }

    private void assertReleased(JsonPath view) {
        Hold hold = wallet.hold(view.getString("executionId"));
        assertEquals(0, hold.amount().compareTo(hold.released()), "a failed step costs nothing");
    }
}
