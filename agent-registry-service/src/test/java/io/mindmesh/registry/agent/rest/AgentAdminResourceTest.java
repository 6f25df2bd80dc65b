package io.mindmesh.registry.agent.rest;

import static io.mindmesh.registry.TestCatalog.agentJson;
import static io.mindmesh.registry.TestCatalog.createAgent;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class AgentAdminResourceTest {

    /** Amounts compared exactly, scale included: 0.50 is not 0.5. */
    private static final RestAssuredConfig EXACT_NUMBERS = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Test
    void createsAnAgentAsVersion1WithItsIdDerivedFromItsName() {
        String suffix = suffix();

        given().config(EXACT_NUMBERS).contentType(ContentType.JSON).body(agentJson(suffix))
                .when().post("/internal/v1/agents")
                .then().statusCode(201)
                .header("Location", "/v1/agents/agent_glacier_survey_" + suffix)
                .body("id", is("agent_glacier_survey_" + suffix))
                .body("name", is("glacier-survey-" + suffix))
                .body("vertical", is("test-" + suffix))
                .body("capabilities", contains("glacier_survey", "meltwater_sampling"))
                .body("pricing.basePrice", is(new BigDecimal("0.12")))
                .body("pricing.variablePrice", is(new BigDecimal("0.004")))
                .body("estimatedCost", is(new BigDecimal("0.14")))
                .body("runtime.type", is("simulated"))
                .body("runtime", not(hasKey("endpoint")))
                .body("status", is("active"))
                .body("version", is(1))
                .body("createdAt", notNullValue());

        given().when().get("/v1/agents/agent_glacier_survey_" + suffix)
                .then().statusCode(200)
                .body("displayName", is("Glacier Survey " + suffix))
                .body("version", is(1));
    }

    @Test
    void anOperatorMayChooseTheIdAndAnHttpRuntimeWhichOnlyOperatorsSee() {
        String suffix = suffix();
        String body = with(with(agentJson(suffix), "id", "\"agent_probe_" + suffix + "\""), "runtime",
                "{\"type\": \"http\", \"endpoint\": \"https://agents.example.com/glacier\", \"timeoutMs\": 30000}");

        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/agents")
                .then().statusCode(201)
                .body("id", is("agent_probe_" + suffix))
                .body("runtime.type", is("http"))
                .body("runtime.endpoint", is("https://agents.example.com/glacier"))
                .body("runtime.timeoutMs", is(30000));

        // API consumers see only the runtime's type; operators see the whole runtime.
        given().when().get("/v1/agents/agent_probe_" + suffix)
                .then().statusCode(200)
                .body("runtime", is(Map.of("type", "http")));
        given().queryParam("vertical", "test-" + suffix)
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.runtime", contains(Map.of("type", "http")));
        given().when().get("/internal/v1/agents/agent_probe_" + suffix)
                .then().statusCode(200)
                .body("runtime.endpoint", is("https://agents.example.com/glacier"))
                .body("runtime.timeoutMs", is(30000))
                .body("version", is(1));
        given().when().get("/internal/v1/agents/agent_does_not_exist")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
    }

    @Test
    void pricesKeepEveryDecimalTheOperatorGave() {
        String suffix = suffix();
        String body = with(agentJson(suffix), "pricing", """
                {"basePrice": 12345678901234.123456, "variablePrice": 0.000001, "unit": "call", "typicalUnits": 3}""");

        given().config(EXACT_NUMBERS).contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/agents")
                .then().statusCode(201)
                .body("pricing.basePrice", is(new BigDecimal("12345678901234.123456")))
                .body("estimatedCost", is(new BigDecimal("12345678901234.123459")));
    }

    @Test
    void aTakenIdOrNameIsAConflict() {
        String suffix = suffix();
        String id = createAgent(suffix);

        given().contentType(ContentType.JSON).body(agentJson(suffix))
                .when().post("/internal/v1/agents")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("id"))
                .body("message", is("Agent " + id + " already exists"));

        given().contentType(ContentType.JSON).body(with(agentJson(suffix), "id", "\"agent_other_" + suffix + "\""))
                .when().post("/internal/v1/agents")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("name"))
                .body("message", is("An agent named glacier-survey-" + suffix + " already exists"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void replacingTheDefinitionPublishesANewVersionAndKeepsTheOldOne() {
        String suffix = suffix();
        String id = createAgent(suffix);
        String changed = with(agentJson(suffix), "description", "\"Surveys glacier meltwater and moraine stability.\"");

        given().contentType(ContentType.JSON).body(changed)
                .when().put("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("id", is(id))
                .body("description", is("Surveys glacier meltwater and moraine stability."))
                .body("version", is(2));

        given().when().get("/internal/v1/agents/" + id + "/versions")
                .then().statusCode(200)
                .body("data.version", contains(2, 1))
                .body("data.agentId", contains(id, id))
                .body("data[0].definition.description", is("Surveys glacier meltwater and moraine stability."))
                .body("data[1].definition.description", startsWith("Surveys glacier meltwater and sediment"))
                .body("data[1].definition.pricing.basePrice", is(0.12f))
                .body("data[1].publishedAt", notNullValue())
                .body("pagination.total", is(2));
    }

    @Test
    void theSameDefinitionAgainPublishesNothing() {
        String suffix = suffix();
        String id = createAgent(suffix);

        given().contentType(ContentType.JSON).body(with(agentJson(suffix), "pricing.basePrice", "0.120"))
                .when().put("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("version", is(1));

        given().when().get("/internal/v1/agents/" + id + "/versions")
                .then().statusCode(200)
                .body("data.version", contains(1));
    }

    @Test
    void aPatchChangesOnlyTheMembersItNames() {
        String suffix = suffix();
        String id = createAgent(suffix);

        given().config(EXACT_NUMBERS).contentType("application/merge-patch+json")
                .body("{\"pricing\": {\"basePrice\": 0.2}, \"consumes\": null}")
                .when().patch("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("pricing.basePrice", is(new BigDecimal("0.20")))
                .body("pricing.variablePrice", is(new BigDecimal("0.004")))
                .body("pricing.unit", is("1k_tokens"))
                .body("consumes", empty())
                .body("produces", contains("survey_findings"))
                .body("description", startsWith("Surveys glacier meltwater and sediment"))
                .body("version", is(2));
    }

    @Test
    void aPatchIsValidatedLikeAWholeDefinition() {
        String id = createAgent(suffix());

        given().contentType(ContentType.JSON).body("{\"runtime\": {\"type\": \"http\"}}")
                .when().patch("/internal/v1/agents/" + id)
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("runtime.endpoint"))
                .body("message", is("runtime.endpoint is required for an http runtime"));

        given().contentType(ContentType.JSON).body("{\"status\": \"active\"}")
                .when().patch("/internal/v1/agents/" + id)
                .then().statusCode(400)
                .body("field", is("status"))
                .body("message", is("status is not a field of this definition"));

        given().when().get("/v1/agents/" + id)
                .then().statusCode(200)
                .body("version", is(1));
    }

    @Test
    void theIdInTheBodyCannotDifferFromThePath() {
        String suffix = suffix();
        String id = createAgent(suffix);

        given().contentType(ContentType.JSON).body(with(agentJson(suffix), "id", "\"agent_someone_else\""))
                .when().put("/internal/v1/agents/" + id)
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("id"))
                .body("message", is("id cannot change: this is agent " + id));
    }

    @Test
    void renamingToATakenNameIsAConflict() {
        String first = suffix();
        String second = suffix();
        createAgent(first);
        String id = createAgent(second);

        given().contentType(ContentType.JSON).body(with(agentJson(second), "name", "\"glacier-survey-" + first + "\""))
                .when().put("/internal/v1/agents/" + id)
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("name"));
    }

    @Test
    void unknownAgentsAreNotFound() {
        given().contentType(ContentType.JSON).body(agentJson(suffix()))
                .when().put("/internal/v1/agents/agent_nobody")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("Agent agent_nobody not found"));
        given().contentType(ContentType.JSON).body("{\"description\": \"x\"}")
                .when().patch("/internal/v1/agents/agent_nobody")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
        given().when().post("/internal/v1/agents/agent_nobody/deprecate")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
        given().when().get("/internal/v1/agents/agent_nobody/versions")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void deprecatingKeepsTheVersionAndIsHarmlessTwice() {
        String suffix = suffix();
        String id = createAgent(suffix);

        for (int attempt = 0; attempt < 2; attempt++) {
            given().when().post("/internal/v1/agents/" + id + "/deprecate")
                    .then().statusCode(200)
                    .body("status", is("deprecated"))
                    .body("version", is(1));
        }
        given().queryParam("status", "deprecated").queryParam("vertical", "test-" + suffix)
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.id", contains(id));
    }

    @Test
    void versionsArePaged() {
        String suffix = suffix();
        String id = createAgent(suffix);
        given().contentType(ContentType.JSON).body("{\"typicalLatencyMs\": 500}")
                .when().patch("/internal/v1/agents/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"typicalLatencyMs\": 600}")
                .when().patch("/internal/v1/agents/" + id).then().statusCode(200);

        given().queryParam("limit", 1).queryParam("page", 2)
                .when().get("/internal/v1/agents/" + id + "/versions")
                .then().statusCode(200)
                .body("data.version", contains(2))
                .body("data[0].definition.typicalLatencyMs", is(500))
                .body("pagination.total", is(3))
                .body("pagination.pages", is(3));

        given().queryParam("limit", 0)
                .when().get("/internal/v1/agents/" + id + "/versions")
                .then().statusCode(400)
                .body("field", is("limit"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "id                   | \"agent-1\"            | id                   | id must be agent_ followed by 1 to 64 lower-case letters, digits or underscores",
            "name                 | <absent>               | name                 | name is required",
            "name                 | \"Glacier Survey\"     | name                 | name must be lower-case words joined by single hyphens, e.g. email-campaign-agent",
            "displayName          | \"  \"                 | displayName          | displayName is required",
            "vertical             | \"Test_Vertical\"      | vertical             | vertical must be lower-case words joined by single hyphens, e.g. supply-chain",
            "capabilities         | []                     | capabilities         | capabilities must list between 1 and 50 capabilities",
            "capabilities[1]      | \"Meltwater\"          | capabilities[1]      | capabilities[1] must be a lower snake_case identifier of at most 64 characters",
            "capabilities[1]      | null                   | capabilities[1]      | capabilities[1] must not be null",
            "capabilities[1]      | \"glacier_survey\"     | capabilities         | capabilities must not repeat a value",
            "description          | <absent>               | description          | description is required",
            "consumes[0]          | \"survey area\"        | consumes[0]          | consumes[0] must be a lower snake_case identifier of at most 64 characters",
            "pricing              | <absent>               | pricing              | pricing is required",
            "pricing.basePrice    | -0.01                  | pricing.basePrice    | pricing.basePrice must be 0 or more",
            "pricing.basePrice    | 0.1234567              | pricing.basePrice    | pricing.basePrice must have at most 14 digits before and 6 after the decimal point",
            "pricing.variablePrice| -1                     | pricing.variablePrice| pricing.variablePrice must be 0 or more",
            "pricing.unit         | \"per call\"           | pricing.unit         | pricing.unit must be lower-case letters, digits and underscores, e.g. 1k_tokens",
            "pricing.typicalUnits | -1                     | pricing.typicalUnits | pricing.typicalUnits must be 0 or more",
            "runtime.type         | \"lambda\"             | runtime.type         | runtime.type must be simulated, http or llm",
            "runtime.failureRate  | 1.5                    | runtime.failureRate  | runtime.failureRate must be between 0 and 1",
            "runtime.failureRate  | 0.12345                | runtime.failureRate  | runtime.failureRate must have at most 4 decimals",
            "runtime.endpoint     | \"https://x.example\"  | runtime.endpoint     | runtime.endpoint is only used by an http runtime",
            "runtime.latencyMs    | -5                     | runtime.latencyMs    | runtime.latencyMs must be between 0 and 600000",
            "typicalLatencyMs     | 0                      | typicalLatencyMs     | typicalLatencyMs must be between 1 and 600000",
            "typicalLatencyMs     | <absent>               | typicalLatencyMs     | typicalLatencyMs is required",
            "status               | \"deprecated\"         | status               | status is not a field of this definition",
            "pricing.basePrise    | 0.1                    | pricing.basePrise    | pricing.basePrise is not a field of this definition"})
    void everyFieldIsValidatedNamingIt(String path, String value, String field, String message) {
        given().contentType(ContentType.JSON).body(with(agentJson(suffix()), path, value))
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", startsWith("req_"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"http\", \"timeoutMs\": 1000}                                   | runtime.endpoint  | runtime.endpoint is required for an http runtime",
            "{\"type\": \"http\", \"endpoint\": \"https://a.example\"}                   | runtime.timeoutMs | runtime.timeoutMs is required for an http runtime",
            "{\"type\": \"http\", \"endpoint\": \"ftp://a.example\", \"timeoutMs\": 1}   | runtime.endpoint  | runtime.endpoint must be an absolute http or https URL with a host",
            "{\"type\": \"http\", \"endpoint\": \"https://\", \"timeoutMs\": 1}          | runtime.endpoint  | runtime.endpoint must be an absolute http or https URL with a host",
            "{\"type\": \"http\", \"endpoint\": \"https://a.example\", \"timeoutMs\": 0}  | runtime.timeoutMs | runtime.timeoutMs must be between 1 and 600000"})
    void anHttpRuntimeNeedsAnAddressAndATimeLimit(String runtime, String field, String message) {
        given().contentType(ContentType.JSON).body(with(agentJson(suffix()), "runtime", runtime))
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message));
    }

    private static final String LLM_RUNTIME = """
            {"type": "llm", "timeoutMs": 20000, "llm": {"provider": "openai", "model": "gpt-4o-mini",
             "systemPrompt": "You survey glaciers.", "userPrompt": "{{instructions}} {{query}}", "temperature": 0.2,
             "maxOutputTokens": 400, "responseSchema": {"type": "object", "properties": {"melt": {"type": "number"}}},
             "inputPricePer1k": 0.00015, "outputPricePer1k": 0.0006, "stream": true}}""";

    @Test
    void anLlmRuntimeKeepsItsModelSettingsWhichOnlyOperatorsSee() {
        String suffix = suffix();
        String id = "agent_glacier_survey_" + suffix;
        given().contentType(ContentType.JSON).body(with(agentJson(suffix), "runtime", LLM_RUNTIME))
                .when().post("/internal/v1/agents")
                .then().statusCode(201)
                .body("runtime.type", is("llm"))
                .body("runtime.llm.provider", is("openai"))
                .body("runtime.llm.model", is("gpt-4o-mini"))
                .body("runtime.llm.userPrompt", is("{{instructions}} {{query}}"))
                .body("runtime.llm.maxOutputTokens", is(400))
                .body("runtime.llm.responseSchema.properties.melt.type", is("number"))
                .body("runtime.llm.stream", is(true));

        given().when().get("/v1/agents/" + id)
                .then().statusCode(200)
                .body("runtime", is(Map.of("type", "llm")));
        given().when().get("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("runtime.llm.outputPricePer1k", is(0.0006f))
                .body("runtime.llm.systemPrompt", is("You survey glaciers."));
        // The version history keeps the settings, so a past version can be sent back as it is.
        given().when().get("/internal/v1/agents/" + id + "/versions")
                .then().statusCode(200)
                .body("data[0].definition.runtime.llm.model", is("gpt-4o-mini"));
        given().contentType(ContentType.JSON).body("{\"runtime\": {\"llm\": {\"model\": \"gpt-4.1\"}}}")
                .when().patch("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("version", is(2))
                .body("runtime.llm.model", is("gpt-4.1"))
                .body("runtime.llm.provider", is("openai"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"llm\"}                                             | runtime.llm | runtime.llm is required for an llm runtime",
            "{\"type\": \"simulated\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0}} | runtime.llm | runtime.llm is only used by an llm runtime",
            "{\"type\": \"llm\", \"llm\": {}}                                | runtime.llm.inputPricePer1k | runtime.llm.inputPricePer1k is required",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"Open AI\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0}} | runtime.llm.provider | runtime.llm.provider must be a provider name: lower-case words joined by hyphens",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 0, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0}} | runtime.llm.maxOutputTokens | runtime.llm.maxOutputTokens must be between 1 and 1000000",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"temperature\": 3, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0}} | runtime.llm.temperature | runtime.llm.temperature must be between 0 and 2",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": -1, \"outputPricePer1k\": 0}} | runtime.llm.inputPricePer1k | runtime.llm.inputPricePer1k must be 0 or more",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0, \"responseSchema\": \"x\"}} | runtime.llm.responseSchema | runtime.llm.responseSchema must be a JSON schema object",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0, \"topP\": 1}} | runtime.llm.topP | runtime.llm.topP is not a field of this definition",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0, \"stream\": \"yes\"}} | runtime.llm.stream | runtime.llm.stream has the wrong type or shape",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0, \"stream\": \"true\"}} | runtime.llm.stream | runtime.llm.stream has the wrong type or shape",
            "{\"type\": \"llm\", \"llm\": {\"provider\": \"p\", \"model\": \"m\", \"userPrompt\": \"u\", \"maxOutputTokens\": 1, \"inputPricePer1k\": 0, \"outputPricePer1k\": 0, \"stream\": 1}} | runtime.llm.stream | runtime.llm.stream has the wrong type or shape"})
    void anLlmRuntimeNeedsAProviderAModelAPromptAndPrices(String runtime, String field, String message) {
        given().contentType(ContentType.JSON).body(with(agentJson(suffix()), "runtime", runtime))
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "typicalLatencyMs     | \"fast\"  | typicalLatencyMs",
            "typicalLatencyMs     | 2.5       | typicalLatencyMs",
            "capabilities         | \"a_b\"   | capabilities",
            "pricing              | [1]       | pricing",
            "pricing.typicalUnits | 1e20      | pricing.typicalUnits"})
    void valuesOfTheWrongTypeAreRefusedNamingTheField(String path, String value, String field) {
        given().contentType(ContentType.JSON).body(with(agentJson(suffix()), path, value))
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(field + " has the wrong type or shape"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": ",
            "[]",
            "\"agent\"",
            "''"})
    void aBodyThatIsNotAJsonObjectIsRefused(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        given().contentType(ContentType.TEXT).body("name=x")
                .when().post("/internal/v1/agents")
                .then().statusCode(415)
                .body("error", is("INVALID_REQUEST"));
    }
}
