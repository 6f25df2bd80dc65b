package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.testing.FakeOpenAi;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The demo app (docs/public-api.md, "App run"), the blog post about {@code topic}, run through the gateway's
 * {@code /developer/v2/apps/run} with its step on an {@code llm} agent: the orchestrator calls the
 * platform's OpenAI-compatible test server (provider {@code fake}), the output variable is the
 * model's text and {@code billingCost} is the base price plus the reported tokens × the agent's
 * prices, plus the developer fee, exactly what the wallet was charged. The agent, workflow and
 * app are published through the operator API with words no other agent uses (glaciers), so the
 * other tests' selections do not move.
 */
class LlmAppRunIT {

    private static final String ANSWER = "Dogs are loyal companions who love long walks by the glacier";
    private static final BigDecimal BASE = new BigDecimal("0.05");
    private static final BigDecimal INPUT_PER_1K = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PER_1K = new BigDecimal("1.0");
    private static final BigDecimal THOUSAND = new BigDecimal("1000");

    @Test
    void theBlogPostAppWithAnLlmAgentAnswersTheModelsTextAndChargesItsTokens() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String appId = publishApp(suffix);
        FakeOpenAi model = Platform.shared().llm();
        model.answer(ANSWER);
        int before = model.requests().size();
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");

        JsonPath answer = as(liveKey)
                .body("{\"appId\":\"" + appId + "\",\"variables\":{\"topic\":\"Dogs\"},\"includeBillingCost\":true}")
                .post("/developer/v2/apps/run")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .extract().jsonPath();

        assertEquals(ANSWER, answer.getString("result.blogPost"));
        List<FakeOpenAi.Request> calls = model.requests().subList(before, model.requests().size());
        assertEquals(1, calls.size());
        assertEquals("Assistant will write a blog post about the following topic: Dogs",
                calls.getFirst().body().at("/messages/1/content").asText());
        long inputTokens = FakeOpenAi.promptTokens(calls.getFirst().body());
        long outputTokens = model.tokens("").size();
        BigDecimal step = BASE.add(INPUT_PER_1K.multiply(BigDecimal.valueOf(inputTokens)).divide(THOUSAND))
                .add(OUTPUT_PER_1K.multiply(BigDecimal.valueOf(outputTokens)).divide(THOUSAND));
        BigDecimal charged = step.add(step.multiply(new BigDecimal("0.10")).max(new BigDecimal("0.01")))
                .setScale(6, RoundingMode.HALF_EVEN);
        assertEquals(0, charged.compareTo(new BigDecimal(answer.getString("billingCost").substring(1))),
                "billingCost " + answer.getString("billingCost") + " for " + inputTokens + " + " + outputTokens + " tokens");
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("10.00").subtract(charged)))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void aSandboxKeyRunsTheSameAppWithoutCallingTheModel() {
        String appId = publishApp(UUID.randomUUID().toString().substring(0, 8));
        FakeOpenAi model = Platform.shared().llm();
        int before = model.requests().size();
        String testKey = key(account("developer"), "test");

        as(testKey)
                .body("{\"appId\":\"" + appId + "\",\"variables\":{\"topic\":\"Dogs\"}}")
                .post("/developer/v2/apps/run")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("result.blogPost.instructions", equalTo("Assistant will write a blog post about the following topic: Dogs"));
        assertEquals(before, model.requests().size(), "the simulated runtime answered");
    }

    /** An llm agent, the blog-post workflow on it and an app bundling it; returns the app's id. */
    private static String publishApp(String suffix) {
        String agentName = "glacier-blogger-" + suffix;
        Api.operator().body("""
                {"name": "%1$s", "displayName": "Glacier Blogger %2$s", "vertical": "test-llm-%2$s",
                 "capabilities": ["glacier_blogging"], "description": "Writes meltwater blog posts about glaciers.",
                 "pricing": {"basePrice": 0.05, "variablePrice": 0.001, "unit": "1k_tokens", "typicalUnits": 500},
                 "runtime": {"type": "llm", "timeoutMs": 30000,
                             "llm": {"provider": "fake", "model": "fake-writer", "systemPrompt": "You write blog posts.",
                                     "userPrompt": "{{instructions}}", "maxOutputTokens": 200,
                                     "inputPricePer1k": 0.5, "outputPricePer1k": 1.0}},
                 "typicalLatencyMs": 1000}""".formatted(agentName, suffix))
                .post("/v1/admin/agents").then().statusCode(201);
        String slug = "glacier-blog-" + suffix;
        Api.operator().body("""
                {"slug": "%1$s", "name": "Glacier blog %2$s", "description": "A blog post about a topic.",
                 "steps": [{"id": "write", "agentId": "agent_%3$s",
                            "instructions": "Assistant will write a blog post about the following topic: {{$launchVariables->topic}}"}],
                 "launchVariables": [{"name": "topic", "type": "string", "required": true}],
                 "outputVariables": [{"name": "blogPost", "stepId": "write"}]}""".formatted(slug, suffix,
                        agentName.replace('-', '_')))
                .post("/v1/admin/workflows").then().statusCode(201);
        return Api.operator().body("""
                {"slug": "glacier-studio-%1$s", "name": "Glacier Studio %1$s", "workflows": ["%2$s"]}"""
                .formatted(suffix, slug))
                .post("/v1/admin/apps").then().statusCode(201)
                .extract().path("id");
    }
}
