package io.mindmesh.registry.app.rest;

import static io.mindmesh.registry.TestCatalog.createAgent;
import static io.mindmesh.registry.TestCatalog.createWorkflow;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class AppAdminResourceTest {

    static final String CONTENT_STUDIO = "5f0c3a52-6d1e-4c8f-9b7a-2e4d8c1b7a10";
    private static final String UUID_FORMAT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void theDemoAppWritesABlogPostAboutItsTopicByDefault() {
        given().when().get("/internal/v1/apps/" + CONTENT_STUDIO)
                .then().statusCode(200)
                .body("id", is(CONTENT_STUDIO))
                .body("slug", is("content-studio"))
                .body("name", is("Content Studio"))
                .body("workflows", contains("blog-post", "seo-article"))
                .body("defaultWorkflow", is("blog-post"))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("workflowDetails.slug", contains("blog-post", "seo-article"))
                .body("workflowDetails.name", contains("Blog post", "SEO article"))
                .body("workflowDetails[0].id", is("wf_blog_post"))
                .body("workflowDetails[0].launchVariables.name", contains("topic"))
                .body("workflowDetails[0].launchVariables[0].type", is("string"))
                .body("workflowDetails[0].launchVariables[0].required", is(true))
                .body("workflowDetails[0].outputVariables.name", contains("blogPost"))
                .body("workflowDetails[0].outputVariables[0].stepId", is("write"))
                .body("workflowDetails[1].launchVariables.required", contains(false, false))
                .body("workflowDetails[1].launchVariables.default", contains("general readers", 800));
    }

    @Test
    void createsAnAppWithAGeneratedIdAndTheFirstWorkflowAsDefault() {
        String suffix = suffix();
        String workflow = createWorkflow(suffix);

        String id = given().contentType(ContentType.JSON).body(appJson(suffix, workflow, "blog-post"))
                .when().post("/internal/v1/apps")
                .then().statusCode(201)
                .body("id", matchesPattern(UUID_FORMAT))
                .body("slug", is("studio-" + suffix))
                .body("name", is("Studio " + suffix))
                .body("description", is("Surveys and blog posts."))
                .body("workflows", contains(workflow, "blog-post"))
                .body("defaultWorkflow", is(workflow))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .extract().path("id");

        given().when().get("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("workflows", contains(workflow, "blog-post"))
                .body("workflowDetails.slug", contains(workflow, "blog-post"))
                .body("workflowDetails[0].name", is("Survey " + suffix))
                .body("workflowDetails[0].launchVariables.name", contains("site"))
                .body("workflowDetails[0].outputVariables.name", contains("findings"));
    }

    @Test
    void theLocationIsTheOperatorPathAndAnOperatorMayChooseTheIdInAnyCase() {
        String suffix = suffix();
        String id = UUID.randomUUID().toString();
        String body = with(appJson(suffix, "blog-post", "seo-article"), "id", "\"" + id.toUpperCase() + "\"");

        given().contentType(ContentType.JSON).body(with(body, "defaultWorkflow", "\"seo-article\""))
                .when().post("/internal/v1/apps")
                .then().statusCode(201)
                .header("Location", "/v1/admin/apps/" + id)
                .body("id", is(id))
                .body("defaultWorkflow", is("seo-article"));
        given().when().get("/internal/v1/apps/" + id.toUpperCase()).then().statusCode(200).body("id", is(id));
    }

    @Test
    void aTakenSlugOrIdIsAConflict() {
        String suffix = suffix();
        String body = with(appJson(suffix, "blog-post", "seo-article"), "id", "\"" + UUID.randomUUID() + "\"");
        given().contentType(ContentType.JSON).body(body).when().post("/internal/v1/apps").then().statusCode(201);

        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/apps")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("slug"))
                .body("message", is("App studio-" + suffix + " already exists"));
        given().contentType(ContentType.JSON).body(with(body, "slug", "\"other-" + suffix + "\""))
                .when().post("/internal/v1/apps")
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("id"))
                .body("requestId", startsWith("req_"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "id              | \"app-1\"                       | id              | id must be a UUID, e.g. 46f2e54b-f2f1-4055-bbf4-a55555a7c3b6",
            "name            | \"  \"                          | name            | name is required",
            "slug            | \"Studio One\"                  | slug            | slug must be lower-case letters and digits in words joined by single hyphens, e.g. content-studio",
            "slug            | <absent>                        | slug            | slug is required",
            "workflows       | []                              | workflows       | workflows must list between 1 and 50 workflows",
            "workflows       | <absent>                        | workflows       | workflows is required",
            "workflows[0]    | null                            | workflows[0]    | workflows[0] must not be null",
            "workflows[1]    | \"no-such-workflow\"            | workflows[1]    | Workflow no-such-workflow does not exist",
            "workflows[1]    | \"blog-post\"                   | workflows[1]    | Workflow blog-post is listed more than once",
            "defaultWorkflow | \"product-launch\"              | defaultWorkflow | defaultWorkflow product-launch is not one of the app's workflows",
            "workflow        | \"blog-post\"                   | workflow        | workflow is not a field of this definition"})
    void everyRuleIsCheckedNamingTheField(String path, String value, String field, String message) {
        String suffix = suffix();
        given().contentType(ContentType.JSON).body(with(appJson(suffix, "blog-post", "seo-article"), path, value))
                .when().post("/internal/v1/apps")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", startsWith("req_"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"slug\": ", "[]", "", "{\"workflows\": \"blog-post\"}"})
    void aBodyThatIsNotAnAppDefinitionIsRefused(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/apps")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"));
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndMovesUpdatedAt() {
        String suffix = suffix();
        String workflow = createWorkflow(suffix);
        String id = create(appJson(suffix, workflow, "blog-post"));
        String firstUpdatedAt = given().when().get("/internal/v1/apps/" + id).then().extract().path("updatedAt");

        String updatedAt = given().contentType("application/merge-patch+json")
                .body("{\"name\": \"Renamed " + suffix + "\", \"workflows\": [\"seo-article\", \"" + workflow + "\"]}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("name", is("Renamed " + suffix))
                .body("slug", is("studio-" + suffix))
                .body("description", is("Surveys and blog posts."))
                .body("workflows", contains("seo-article", workflow))
                .body("defaultWorkflow", is(workflow))
                .extract().path("updatedAt");
        assertNotEquals(firstUpdatedAt, updatedAt);

        given().when().get("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("name", is("Renamed " + suffix))
                .body("workflowDetails.slug", contains("seo-article", workflow))
                .body("updatedAt", is(updatedAt));
    }

    @Test
    void changingOnlyTheWorkflowsMovesUpdatedAtAndTheSamePatchAgainDoesNot() {
        String suffix = suffix();
        String id = create(appJson(suffix, "blog-post", "seo-article"));
        String firstUpdatedAt = given().when().get("/internal/v1/apps/" + id).then().extract().path("updatedAt");
        String patch = "{\"workflows\": [\"blog-post\", \"seo-article\", \"product-launch\"]}";

        String updatedAt = given().contentType(ContentType.JSON).body(patch)
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("workflows", contains("blog-post", "seo-article", "product-launch"))
                .extract().path("updatedAt");
        assertNotEquals(firstUpdatedAt, updatedAt);

        String again = given().contentType(ContentType.JSON).body(patch)
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .extract().path("updatedAt");
        assertEquals(updatedAt, again);
    }

    @Test
    void aPatchThatDropsTheDefaultWorkflowMustChooseAnotherOrClearIt() {
        String suffix = suffix();
        String id = create(appJson(suffix, "blog-post", "seo-article"));

        given().contentType(ContentType.JSON).body("{\"workflows\": [\"seo-article\"]}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(400)
                .body("field", is("defaultWorkflow"))
                .body("message", is("defaultWorkflow blog-post is not one of the app's workflows"));
        given().when().get("/internal/v1/apps/" + id).then().body("workflows", contains("blog-post", "seo-article"));

        given().contentType(ContentType.JSON).body("{\"workflows\": [\"seo-article\"], \"defaultWorkflow\": null}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("workflows", contains("seo-article"))
                .body("defaultWorkflow", is("seo-article"));
    }

    @Test
    void aPatchCannotChangeTheIdNorTakeAnotherAppsSlug() {
        String suffix = suffix();
        String id = create(appJson(suffix, "blog-post", "seo-article"));
        create(appJson("other-" + suffix, "blog-post", "seo-article"));

        given().contentType(ContentType.JSON).body("{\"id\": \"" + UUID.randomUUID() + "\"}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(400)
                .body("field", is("id"))
                .body("message", is("id cannot change: this is app " + id));
        given().contentType(ContentType.JSON).body("{\"slug\": \"studio-other-" + suffix + "\"}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(409)
                .body("error", is("CONFLICT"))
                .body("field", is("slug"));
        given().contentType(ContentType.JSON).body("{\"slug\": \"renamed-" + suffix + "\", \"workflows\": [\"no-such\"]}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(400)
                .body("field", is("workflows[0]"));
        given().contentType(ContentType.JSON).body("{\"slug\": \"renamed-" + suffix + "\"}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(200)
                .body("slug", is("renamed-" + suffix));
    }

    @Test
    void aDeletedAppIsGone() {
        String id = create(appJson(suffix(), "blog-post", "seo-article"));

        given().when().delete("/internal/v1/apps/" + id).then().statusCode(204);

        given().when().get("/internal/v1/apps/" + id)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("App " + id + " not found"));
        given().when().delete("/internal/v1/apps/" + id).then().statusCode(404).body("error", is("NOT_FOUND"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0b9c1a8e-1111-4222-8333-944445555666", "not-a-uuid", "1-1-1-1-1", "5f0c3a52"})
    void anUnknownOrMalformedIdIsNotFound(String id) {
        given().when().get("/internal/v1/apps/" + id)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("App " + id + " not found"))
                .body("requestId", startsWith("req_"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\"}")
                .when().patch("/internal/v1/apps/" + id)
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
        given().when().delete("/internal/v1/apps/" + id).then().statusCode(404).body("error", is("NOT_FOUND"));
        given().when().get("/internal/v1/apps/" + id + "/workflows/blog-post/resolved")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
    }

    @Test
    void listsArePagedSortedAndFilteredByWorkflow() {
        String suffix = suffix();
        String workflow = createWorkflow(suffix);
        for (String name : new String[] {"Charlie", "Alpha", "Bravo"}) {
            create(with(with(appJson(suffix, workflow, "blog-post"), "slug", "\"" + name.toLowerCase() + "-" + suffix + "\""),
                    "name", "\"" + name + "\""));
        }

        given().queryParam("workflow", workflow).queryParam("limit", 2)
                .when().get("/internal/v1/apps")
                .then().statusCode(200)
                .body("data.name", contains("Alpha", "Bravo"))
                .body("data[0].workflows", contains(workflow, "blog-post"))
                .body("pagination.page", is(1))
                .body("pagination.total", is(3))
                .body("pagination.pages", is(2))
                .body("pagination.hasNext", is(true))
                .body("pagination.hasPrev", is(false));
        given().queryParam("workflow", workflow).queryParam("sort", "-slug").queryParam("page", 2).queryParam("limit", 2)
                .when().get("/internal/v1/apps")
                .then().statusCode(200)
                .body("data.slug", contains("alpha-" + suffix))
                .body("pagination.hasPrev", is(true));
        given().queryParam("workflow", "no-app-has-this-" + suffix)
                .when().get("/internal/v1/apps")
                .then().statusCode(200)
                .body("data", empty())
                .body("pagination.total", is(0));
        given().when().get("/internal/v1/apps")
                .then().statusCode(200)
                .body("pagination.limit", is(20))
                .body("data.find { it.id == '%s' }.slug".formatted(CONTENT_STUDIO), is("content-studio"));
    }

    @ParameterizedTest
    @CsvSource({
            "page, 0, page",
            "page, x, page",
            "limit, 101, limit",
            "sort, version, sort"})
    void badListParametersAreRefusedNamingTheParameter(String parameter, String value, String field) {
        given().queryParam(parameter, value)
                .when().get("/internal/v1/apps")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", startsWith(field + " must"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "blog-post          | blog-post",
            "Blog post          | blog-post",
            "Blog post.flow     | blog-post",
            "seo-article.flow   | seo-article",
            "SEO article        | seo-article"})
    void aWorkflowOfAnAppResolvesBySlugOrNameWithOrWithoutFlow(String reference, String slug) {
        given().when().get("/internal/v1/apps/" + CONTENT_STUDIO + "/workflows/" + reference + "/resolved")
                .then().statusCode(200)
                .body("workflow.slug", is(slug))
                .body("workflow.steps[0].agentId", is("agent_seo_content"))
                .body("agents.id", contains("agent_seo_content"))
                .body("agents[0].runtime.type", is("simulated"))
                .body("agents[0].runtime.latencyMs", is(2500))
                .body("agents[0].pricing.unit", is("1k_tokens"))
                .body("agents[0].estimatedCost", is(0.40f))
                .body("agents[0].status", is("active"));
    }

    @Test
    void theBlogPostWorkflowIsTheSeedExample() {
        given().when().get("/internal/v1/apps/" + CONTENT_STUDIO + "/workflows/blog-post/resolved")
                .then().statusCode(200)
                .body("workflow.id", is("wf_blog_post"))
                .body("workflow.version", is(1))
                .body("workflow.steps[0].instructions",
                        is("Assistant will write a blog post about the following topic: {{$launchVariables->topic}}"))
                .body("workflow.launchVariables[0].name", is("topic"))
                .body("workflow.launchVariables[0].required", is(true))
                .body("workflow.launchVariables[0].default", nullValue())
                .body("workflow.outputVariables[0].name", is("blogPost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"product-launch", "Product launch", "no-such-workflow", ".flow", "blog-post.flow.flow"})
    void aWorkflowThatIsNotTheAppsIsNotFound(String reference) {
        given().when().get("/internal/v1/apps/" + CONTENT_STUDIO + "/workflows/" + reference + "/resolved")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("Workflow " + reference + " of app " + CONTENT_STUDIO + " not found"));
    }

    @Test
    void aResolvedWorkflowShowsTheCurrentDefinitionOfItsAgents() {
        String suffix = suffix();
        String agent = createAgent(suffix);
        String workflow = given().contentType(ContentType.JSON).body("""
                {"slug": "two-steps-%1$s", "name": "Two steps %1$s",
                 "steps": [{"id": "first", "agentId": "%2$s"},
                           {"id": "second", "agentId": "agent_seo_content", "dependsOn": ["first"]}]}""".formatted(suffix, agent))
                .when().post("/internal/v1/workflows")
                .then().statusCode(201).extract().path("slug");
        String id = create(appJson(suffix, workflow, "blog-post"));
        given().contentType(ContentType.JSON)
                .body("{\"runtime\": {\"type\": \"http\", \"endpoint\": \"https://agents.example.com/glacier\", \"timeoutMs\": 30000, \"latencyMs\": null, \"failureRate\": null}}")
                .when().patch("/internal/v1/agents/" + agent)
                .then().statusCode(200);
        given().when().post("/internal/v1/agents/" + agent + "/deprecate").then().statusCode(200);

        given().when().get("/internal/v1/apps/" + id + "/workflows/Two steps " + suffix + "/resolved")
                .then().statusCode(200)
                .body("workflow.slug", is(workflow))
                .body("agents.id", contains(agent, "agent_seo_content"))
                .body("agents[0].version", is(2))
                .body("agents[0].status", is("deprecated"))
                .body("agents[0].runtime.type", is("http"))
                .body("agents[0].runtime.endpoint", is("https://agents.example.com/glacier"))
                .body("agents[0].runtime.timeoutMs", is(30000));
    }

    private static String create(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/apps")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** An app {@code studio-<suffix>} bundling two workflows, without id or default. */
    private static String appJson(String suffix, String firstWorkflow, String secondWorkflow) {
        return """
                {"slug": "studio-%1$s", "name": "Studio %1$s", "description": "Surveys and blog posts.",
                 "workflows": ["%2$s", "%3$s"]}""".formatted(suffix, firstWorkflow, secondWorkflow);
    }
}
