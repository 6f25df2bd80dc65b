package io.mindmesh.registry.app.rest;

import static io.mindmesh.registry.TestCatalog.createWorkflow;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listings the MindStudio npm clients read, in the shapes their code reads them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class MindStudioResourceTest {

    private static final String CONTENT_STUDIO = AppAdminResourceTest.CONTENT_STUDIO;

    @Test
    void workersListEveryAppWithIdNameAndSlugOnlyByName() {
        String suffix = suffix();
        String second = createApp("listed-b-" + suffix, "Listed B " + suffix);
        String first = createApp("listed-a-" + suffix, "Listed A " + suffix);

        List<String> ids = given().when().get("/developer/v2/workers/load")
                .then().statusCode(200)
                .body("apps.find { it.id == '%s' }".formatted(CONTENT_STUDIO),
                        is(Map.of("id", CONTENT_STUDIO, "name", "Content Studio", "slug", "content-studio")))
                .body("apps.find { it.id == '%s' }.slug".formatted(first), is("listed-a-" + suffix))
                .extract().path("apps.id");
        assertTrue(ids.indexOf(first) < ids.indexOf(second), ids.toString());
    }

    @Test
    void agentsListTheAppsWithWhatTheAgentClientReads() {
        given().header("X-Account-Id", "acc_reader")
                .when().get("/developer/v2/agents/load")
                .then().statusCode(200)
                .body("orgId", is("acc_reader"))
                .body("orgName", is("acc_reader"))
                .body("apps.find { it.id == '%s' }.name".formatted(CONTENT_STUDIO), is("Content Studio"))
                .body("apps.find { it.id == '%s' }.slug".formatted(CONTENT_STUDIO), is("content-studio"))
                .body("apps.find { it.id == '%s' }.description".formatted(CONTENT_STUDIO), startsWith("Writes blog posts"))
                .body("apps.find { it.id == '%s' }.iconUrl".formatted(CONTENT_STUDIO), nullValue())
                .body("apps.find { it.id == '%s' }.refs.workflows".formatted(CONTENT_STUDIO),
                        is("/developer/v2/workers/" + CONTENT_STUDIO + "/workflows"))
                .body("apps.find { it.id == '%s' }.refs.run".formatted(CONTENT_STUDIO), is("/developer/v2/apps/run"))
                .body("apps.find { it.id == '%s' }.dateCreated".formatted(CONTENT_STUDIO), startsWith("20"))
                .body("apps.find { it.id == '%s' }.dateLastEdited".formatted(CONTENT_STUDIO), startsWith("20"));
    }

    @Test
    void aWorkersWorkflowsCarryTheirVariableNames() {
        given().when().get("/developer/v2/workers/" + CONTENT_STUDIO + "/workflows")
                .then().statusCode(200)
                .body("workflows.id", contains("wf_blog_post", "wf_seo_article"))
                .body("workflows.name", contains("Blog post", "SEO article"))
                .body("workflows.slug", contains("blog-post", "seo-article"))
                .body("workflows[0].launchVariables", contains("topic"))
                .body("workflows[0].outputVariables", contains("blogPost"))
                .body("workflows[1].launchVariables", contains("audience", "wordCount"))
                .body("workflows[1].outputVariables", contains("article"));
    }

    @Test
    void aWorkflowWithoutVariablesListsNone() {
        String suffix = suffix();
        String workflow = createWorkflow(suffix);
        String bare = given().contentType(ContentType.JSON)
                .body("{\"slug\": \"bare-%1$s\", \"name\": \"Bare\", \"steps\": [{\"id\": \"only\", \"agentId\": \"agent_seo_content\"}]}"
                        .formatted(suffix))
                .when().post("/internal/v1/workflows")
                .then().statusCode(201).extract().path("slug");
        String id = given().contentType(ContentType.JSON)
                .body("{\"slug\": \"pair-%1$s\", \"name\": \"Pair\", \"workflows\": [\"%2$s\", \"%3$s\"]}"
                        .formatted(suffix, workflow, bare))
                .when().post("/internal/v1/apps")
                .then().statusCode(201).extract().path("id");

        given().when().get("/developer/v2/workers/" + id + "/workflows")
                .then().statusCode(200)
                .body("workflows.slug", contains(workflow, bare))
                .body("workflows[0].launchVariables", contains("site"))
                .body("workflows[1].launchVariables", empty())
                .body("workflows[1].outputVariables", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0b9c1a8e-1111-4222-8333-944445555666", "content-studio", "not a uuid"})
    void anUnknownWorkerIsNotFoundInTheEnvelope(String id) {
        given().when().get("/developer/v2/workers/" + id + "/workflows")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"))
                .body("message", is("App " + id + " not found"))
                .body("requestId", startsWith("req_"));
    }

    private static String createApp(String slug, String name) {
        return given().contentType(ContentType.JSON)
                .body("{\"slug\": \"%s\", \"name\": \"%s\", \"workflows\": [\"seo-article\"]}".formatted(slug, name))
                .when().post("/internal/v1/apps")
                .then().statusCode(201).extract().path("id");
    }
}
