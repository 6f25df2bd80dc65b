package io.mindmesh.registry.workflow.rest;

import static io.mindmesh.registry.TestCatalog.createAgent;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class WorkflowResourceTest {

    @Test
    void theProductLaunchDemoWorkflowRunsTheMarketingAgentsAsADag() {
        given().when().get("/v1/workflows/product-launch")
                .then().statusCode(200)
                .body("id", is("wf_product_launch"))
                .body("name", is("Product launch"))
                .body("steps.id", contains("strategy", "emails", "social", "article", "measurement"))
                .body("steps.agentId", contains("agent_campaign_strategy", "agent_email_campaign", "agent_social_media",
                        "agent_seo_content", "agent_campaign_analytics"))
                .body("steps[0].dependsOn", empty())
                .body("steps[1].dependsOn", contains("strategy"))
                .body("steps[4].dependsOn", contains("emails"))
                .body("steps[0].instructions", startsWith("Plan the launch of {{$launchVariables->product}}"))
                .body("launchVariables.name", contains("product", "audience", "budgetUsd", "tone"))
                .body("launchVariables.find { it.name == 'product' }.required", is(true))
                .body("launchVariables.find { it.name == 'product' }.default", nullValue())
                .body("launchVariables.find { it.name == 'budgetUsd' }.default", is(10000))
                .body("launchVariables.find { it.name == 'tone' }.default", is("friendly"))
                .body("outputVariables.name", contains("campaignBrief", "emailSequence", "socialCalendar", "articleDraft",
                        "measurementPlan"))
                .body("outputVariables.find { it.name == 'emailSequence' }.stepId", is("emails"))
                .body("version", is(1))
                .body("createdAt", notNullValue());
    }

    @Test
    void theQuarterlyReportDemoWorkflowChainsTheFinanceAgents() {
        given().when().get("/internal/v1/workflows/quarterly-report")
                .then().statusCode(200)
                .body("steps.agentId", contains("agent_expense_audit", "agent_financial_reporting",
                        "agent_financial_forecasting"))
                .body("steps[1].dependsOn", contains("audit"))
                .body("steps[2].dependsOn", contains("report"))
                .body("launchVariables.find { it.name == 'horizonQuarters' }.type", is("number"))
                .body("launchVariables.find { it.name == 'horizonQuarters' }.default", is(4))
                .body("outputVariables.stepId", contains("audit", "report", "forecast"));
    }

    @Test
    void aResolvedWorkflowCarriesEachOfItsAgentsOnceInStepOrder() {
        given().when().get("/internal/v1/workflows/product-launch/resolved")
                .then().statusCode(200)
                .body("workflow.slug", is("product-launch"))
                .body("workflow.version", is(1))
                .body("workflow.steps.id", contains("strategy", "emails", "social", "article", "measurement"))
                .body("workflow.launchVariables.name", contains("product", "audience", "budgetUsd", "tone"))
                .body("agents.id", contains("agent_campaign_strategy", "agent_email_campaign", "agent_social_media",
                        "agent_seo_content", "agent_campaign_analytics"))
                .body("agents[1].name", is("email-campaign-agent"))
                .body("agents[1].pricing.basePrice", is(0.20f))
                .body("agents[1].estimatedCost", is(0.50f))
                .body("agents[1].runtime.type", is("simulated"))
                .body("agents[1].runtime.latencyMs", is(1800))
                .body("agents[1].runtime.failureRate", is(0.01f))
                .body("agents[1].status", is("active"))
                .body("agents[1].version", is(1));
    }

    @Test
    void aResolvedWorkflowNamesTheSameAgentOnceAndShowsItsCurrentVersion() {
        String suffix = suffix();
        String agent = createAgent(suffix);
        given().contentType(ContentType.JSON).body(workflowJson(suffix, agent)).when().post("/internal/v1/workflows")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"typicalLatencyMs\": 900}")
                .when().patch("/internal/v1/agents/" + agent).then().statusCode(200);

        given().when().get("/internal/v1/workflows/survey-" + suffix + "/resolved")
                .then().statusCode(200)
                .body("workflow.steps.agentId", contains(agent, agent))
                .body("agents.id", contains(agent))
                .body("agents[0].version", is(2))
                .body("agents[0].typicalLatencyMs", is(900));
        given().when().get("/internal/v1/workflows/no-such-" + suffix + "/resolved")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("Workflow no-such-" + suffix + " not found"));
    }

    @Test
    void theSeedExamplesHaveDemoWorkflows() {
        given().when().get("/v1/workflows/blog-post")
                .then().statusCode(200)
                .body("steps[0].instructions",
                        is("Assistant will write a blog post about the following topic: {{$launchVariables->topic}}"))
                .body("launchVariables.name", contains("topic"))
                .body("outputVariables.name", contains("blogPost"));
        // A run given only a task and empty metadata needs a workflow without required variables.
        given().when().get("/v1/workflows/seo-article")
                .then().statusCode(200)
                .body("launchVariables.required", contains(false, false));
    }

    @Test
    void createsAWorkflowThatBothReadsShow() {
        String suffix = suffix();
        String agent = createAgent(suffix);

        String id = given().contentType(ContentType.JSON).body(workflowJson(suffix, agent))
                .when().post("/internal/v1/workflows")
                .then().statusCode(201)
                .header("Location", "/v1/workflows/survey-" + suffix)
                .body("id", startsWith("wf_"))
                .body("slug", is("survey-" + suffix))
                .body("steps.id", contains("sample", "summarise"))
                .body("steps[1].dependsOn", contains("sample"))
                .body("launchVariables[1].default", is(3))
                .body("launchVariables[2].default", is(true))
                .body("version", is(1))
                .extract().path("id");

        String internal = given().when().get("/internal/v1/workflows/survey-" + suffix)
                .then().statusCode(200).extract().asString();
        String published = given().when().get("/v1/workflows/survey-" + suffix)
                .then().statusCode(200)
                .body("id", is(id))
                .extract().asString();
        assertEquals(internal, published);
    }

    @Test
    void anOperatorMayChooseTheId() {
        String suffix = suffix();
        String body = with(workflowJson(suffix, createAgent(suffix)), "id", "\"wf_survey_" + suffix + "\"");

        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/workflows")
                .then().statusCode(201)
                .body("id", is("wf_survey_" + suffix));
    }

    @Test
    void aTakenSlugOrIdIsAConflict() {
        String suffix = suffix();
        String body = with(workflowJson(suffix, createAgent(suffix)), "id", "\"wf_taken_" + suffix + "\"");
        given().contentType(ContentType.JSON).body(body).when().post("/internal/v1/workflows").then().statusCode(201);

        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/workflows")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("slug"))
                .body("message", is("Workflow survey-" + suffix + " already exists"));

        given().contentType(ContentType.JSON).body(with(body, "slug", "\"other-" + suffix + "\""))
                .when().post("/internal/v1/workflows")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("id"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void replacingTheDefinitionIncrementsTheVersion() {
        String suffix = suffix();
        String agent = createAgent(suffix);
        String body = workflowJson(suffix, agent);
        String firstUpdatedAt = given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/workflows")
                .then().statusCode(201).extract().path("updatedAt");
        // Three independent steps now: the dependency is gone and a third step is added.
        String changed = with(body, "steps",
                "[" + step("sample", agent, "[]") + "," + step("summarise", agent, "[]") + "," + step("map", agent, "[]") + "]");

        String updatedAt = given().contentType(ContentType.JSON).body(with(changed, "slug", "<absent>"))
                .when().put("/internal/v1/workflows/survey-" + suffix)
                .then().statusCode(200)
                .body("steps.id", contains("sample", "summarise", "map"))
                .body("steps[1].dependsOn", empty())
                .body("version", is(2))
                .extract().path("updatedAt");
        assertNotEquals(firstUpdatedAt, updatedAt);

        given().when().get("/v1/workflows/survey-" + suffix)
                .then().statusCode(200)
                .body("steps.id", contains("sample", "summarise", "map"))
                .body("version", is(2));
    }

    @Test
    void theSameDefinitionAgainIsNotANewVersion() {
        String suffix = suffix();
        String body = workflowJson(suffix, createAgent(suffix));
        given().contentType(ContentType.JSON).body(body).when().post("/internal/v1/workflows").then().statusCode(201);

        given().contentType(ContentType.JSON).body(with(body, "launchVariables[1].default", "3.0"))
                .when().put("/internal/v1/workflows/survey-" + suffix)
                .then().statusCode(200)
                .body("version", is(1));
    }

    @Test
    void theSlugOrIdCannotChangeAndAnUnknownSlugIsNotFound() {
        String suffix = suffix();
        String body = workflowJson(suffix, createAgent(suffix));
        given().contentType(ContentType.JSON).body(body).when().post("/internal/v1/workflows").then().statusCode(201);

        given().contentType(ContentType.JSON).body(with(body, "slug", "\"renamed-" + suffix + "\""))
                .when().put("/internal/v1/workflows/survey-" + suffix)
                .then().statusCode(400)
                .body("field", is("slug"))
                .body("message", is("slug cannot change: this is workflow survey-" + suffix));
        given().contentType(ContentType.JSON).body(with(body, "id", "\"wf_other\""))
                .when().put("/internal/v1/workflows/survey-" + suffix)
                .then().statusCode(400)
                .body("field", is("id"));
        given().contentType(ContentType.JSON).body(with(body, "slug", "<absent>"))
                .when().put("/internal/v1/workflows/no-such-" + suffix)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("Workflow no-such-" + suffix + " not found"));
        given().when().get("/v1/workflows/no-such-" + suffix)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("requestId", startsWith("req_"));
        given().when().get("/internal/v1/workflows/no-such-" + suffix)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
    }

    @Test
    void workflowsThatNeedADeprecatedAgentCannotBePublished() {
        String suffix = suffix();
        String agent = createAgent(suffix);
        given().when().post("/internal/v1/agents/" + agent + "/deprecate").then().statusCode(200);

        given().contentType(ContentType.JSON).body(workflowJson(suffix, agent))
                .when().post("/internal/v1/workflows")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("steps[0].agentId"))
                .body("message", is("Agent " + agent + " is deprecated and cannot be used in a workflow"));
    }

    @Test
    void listsArePagedSortedAndFilteredByAgent() {
        String suffix = suffix();
        String agent = createAgent(suffix);
        for (String name : new String[] {"Charlie", "Alpha", "Bravo"}) {
            String slug = name.toLowerCase() + "-" + suffix;
            given().contentType(ContentType.JSON)
                    .body(with(with(workflowJson(suffix, agent), "slug", "\"" + slug + "\""), "name", "\"" + name + "\""))
                    .when().post("/internal/v1/workflows").then().statusCode(201);
        }

        given().queryParam("agentId", agent).queryParam("limit", 2)
                .when().get("/v1/workflows")
                .then().statusCode(200)
                .body("data.name", contains("Alpha", "Bravo"))
                .body("pagination.total", is(3))
                .body("pagination.pages", is(2))
                .body("pagination.hasNext", is(true));
        given().queryParam("agentId", agent).queryParam("sort", "-slug").queryParam("page", 2).queryParam("limit", 2)
                .when().get("/v1/workflows")
                .then().statusCode(200)
                .body("data.slug", contains("alpha-" + suffix))
                .body("pagination.hasPrev", is(true));
        given().queryParam("agentId", "agent_in_no_workflow")
                .when().get("/v1/workflows")
                .then().statusCode(200)
                .body("data", empty())
                .body("pagination.total", is(0));
    }

    @Test
    void theDemoWorkflowsAreListedUnderTheirAgents() {
        given().queryParam("agentId", "agent_financial_reporting")
                .when().get("/v1/workflows")
                .then().statusCode(200)
                .body("data.slug", contains("quarterly-report"));
        given().queryParam("agentId", "agent_social_media")
                .when().get("/v1/workflows")
                .then().statusCode(200)
                .body("data.slug", contains("product-launch"));
    }

    @ParameterizedTest
    @CsvSource({
            "page, 0, page",
            "page, x, page",
            "limit, 101, limit",
            "sort, version, sort"})
    void badListParametersAreRefusedNamingTheParameter(String parameter, String value, String field) {
        given().queryParam(parameter, value)
                .when().get("/v1/workflows")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", startsWith(field + " must"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "slug                       | \"Survey_1\"                | slug                       | slug must be lower-case letters and digits in words joined by single hyphens, e.g. product-launch",
            "slug                       | <absent>                    | slug                       | slug is required",
            "id                         | \"workflow-1\"              | id                         | id must be wf_ followed by 1 to 64 lower-case letters, digits or underscores",
            "name                       | \"\"                        | name                       | name is required",
            "steps                      | []                          | steps                      | steps must list between 1 and 50 steps",
            "steps[0].id                | \"Sample\"                  | steps[0].id                | steps[0].id must start with a lower-case letter and have at most 64 lower-case letters, digits, hyphens or underscores",
            "steps[1].id                | \"sample\"                  | steps[1].id                | Step id sample is used by more than one step",
            "steps[0].agentId           | <absent>                    | steps[0].agentId           | steps[0].agentId is required",
            "steps[1].agentId           | \"agent_nobody\"            | steps[1].agentId           | Agent agent_nobody does not exist",
            "steps[1].dependsOn         | [\"research\"]              | steps[1].dependsOn         | Step summarise depends on unknown step research",
            "steps[1].dependsOn         | [\"summarise\"]             | steps[1].dependsOn         | Step summarise cannot depend on itself",
            "steps[0].dependsOn         | [\"summarise\"]             | steps                      | Steps must not depend on each other in a cycle: sample -> summarise -> sample (each step depends on the next)",
            "steps[1].dependOn          | [\"sample\"]                | steps[1].dependOn          | steps[1].dependOn is not a field of this definition",
            "steps[1].instructions      | \"Use {{$launchVariables->area}}.\" | steps[1].instructions | Step summarise uses launch variable area, which launchVariables does not declare",
            "launchVariables[0].name    | \"site name\"               | launchVariables[0].name    | launchVariables[0].name must start with a letter or underscore and have at most 64 letters, digits or underscores",
            "launchVariables[1].name    | \"site\"                    | launchVariables[1].name    | Launch variable site is declared more than once",
            "launchVariables[0].type    | \"date\"                    | launchVariables[0].type    | launchVariables[0].type must be string, number or boolean",
            "launchVariables[0].default | \"Aletsch\"                 | launchVariables[0].default | Launch variable site is required, so it cannot have a default",
            "launchVariables[1].default | \"three\"                   | launchVariables[1].default | The default of launch variable samples must be a number",
            "launchVariables[2].default | 1                           | launchVariables[2].default | The default of launch variable detailed must be a boolean",
            "outputVariables[0].stepId  | \"map\"                     | outputVariables[0].stepId  | Output variable findings refers to unknown step map",
            "outputVariables[0].name    | <absent>                    | outputVariables[0].name    | outputVariables[0].name is required"})
    void everyRuleIsCheckedNamingTheField(String path, String value, String field, String message) {
        String suffix = suffix();
        given().contentType(ContentType.JSON).body(with(workflowJson(suffix, createAgent(suffix)), path, value))
                .when().post("/internal/v1/workflows")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", startsWith("req_"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "steps                   | \"sample\"  | steps",
            "steps[0].dependsOn      | \"sample\"  | steps[0].dependsOn",
            "launchVariables[0].required | \"maybe\" | launchVariables[0].required"})
    void valuesOfTheWrongTypeAreRefusedNamingTheField(String path, String value, String field) {
        String suffix = suffix();
        given().contentType(ContentType.JSON).body(with(workflowJson(suffix, createAgent(suffix)), path, value))
                .when().post("/internal/v1/workflows")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"slug\": ", "[]", "''"})
    void aBodyThatIsNotAJsonObjectIsRefused(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/workflows")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"));
    }

    /** Two steps on one agent: sample, then summarise; a required, a number and a boolean launch variable. */
    private static String workflowJson(String suffix, String agent) {
        return """
                {"slug": "survey-%1$s",
                 "name": "Glacier survey %1$s",
                 "description": "Samples meltwater at a site, then summarises the findings.",
                 "steps": [%2$s, %3$s],
                 "launchVariables": [
                   {"name": "site", "type": "string", "required": true, "description": "Where to sample."},
                   {"name": "samples", "type": "number", "default": 3},
                   {"name": "detailed", "type": "boolean", "default": true}],
                 "outputVariables": [{"name": "findings", "stepId": "summarise"}]}"""
                .formatted(suffix,
                        step("sample", agent, "[]", "Sample meltwater at {{$launchVariables->site}}."),
                        step("summarise", agent, "[\"sample\"]", ""));
    }

    private static String step(String id, String agent, String dependsOn) {
        return step(id, agent, dependsOn, "");
    }

    private static String step(String id, String agent, String dependsOn, String instructions) {
        return "{\"id\": \"%s\", \"agentId\": \"%s\", \"dependsOn\": %s, \"instructions\": \"%s\"}"
                .formatted(id, agent, dependsOn, instructions);
    }
}
