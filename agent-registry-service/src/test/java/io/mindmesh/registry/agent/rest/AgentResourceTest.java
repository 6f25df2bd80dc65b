package io.mindmesh.registry.agent.rest;

import static io.mindmesh.registry.TestCatalog.agentJson;
import static io.mindmesh.registry.TestCatalog.suffix;
import static io.mindmesh.registry.TestCatalog.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
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
class AgentResourceTest {

    /** Amounts compared exactly, scale included: 0.50 is not 0.5. */
    private static final RestAssuredConfig EXACT_NUMBERS = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Test
    void pagesThroughAVerticalSortedByNameByDefault() {
        given().queryParam("vertical", "marketing").queryParam("limit", 2).queryParam("page", 2)
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.name", contains("newsletter-agent", "seo-content-agent"))
                .body("pagination.page", is(2))
                .body("pagination.limit", is(2))
                .body("pagination.total", is(5))
                .body("pagination.pages", is(3))
                .body("pagination.hasNext", is(true))
                .body("pagination.hasPrev", is(true));
    }

    @Test
    void filtersByCapability() {
        given().queryParam("capability", "a_b_testing").queryParam("status", "active")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.name", contains("campaign-analytics-agent", "email-campaign-agent"))
                .body("data.capabilities", everyItem(hasItem("a_b_testing")));
    }

    @Test
    void filtersByStatus() {
        given().queryParam("vertical", "marketing").queryParam("status", "deprecated")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.name", contains("newsletter-agent"))
                .body("data.status", everyItem(is("deprecated")));
    }

    @Test
    void sortsByBasePriceDescending() {
        given().queryParam("vertical", "finance").queryParam("sort", "-basePrice")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.name", contains("financial-reporting-agent", "financial-forecasting-agent",
                        "expense-audit-agent"));
    }

    @Test
    void sortsByCreationTimeThenById() {
        // The demo agents are created in one transaction, so they share createdAt and the id decides.
        given().queryParam("vertical", "cross-border").queryParam("sort", "createdAt")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.id", contains("agent_compliance_check", "agent_fx_conversion", "agent_payment_routing",
                        "agent_trade_documents"));
    }

    @Test
    void anUnknownVerticalIsAnEmptyPage() {
        given().queryParam("vertical", "custom-vertical")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data", empty())
                .body("pagination.total", is(0))
                .body("pagination.pages", is(0))
                .body("pagination.hasNext", is(false));
    }

    @Test
    void readsOneAgentWithPricingRuntimeTypeAndEstimatedCost() {
        given().config(EXACT_NUMBERS)
                .when().get("/v1/agents/agent_email_campaign")
                .then().statusCode(200)
                .body("id", is("agent_email_campaign"))
                .body("name", is("email-campaign-agent"))
                .body("displayName", is("Email Campaign Agent"))
                .body("vertical", is("marketing"))
                .body("capabilities", hasItem("email_generation"))
                .body("consumes", contains("campaign_brief"))
                .body("produces", contains("email_sequence", "ab_test_plan"))
                .body("pricing.basePrice", is(new BigDecimal("0.20")))
                .body("pricing.variablePrice", is(new BigDecimal("0.03")))
                .body("pricing.unit", is("1k_tokens"))
                .body("pricing.typicalUnits", is(10))
                .body("estimatedCost", is(new BigDecimal("0.50")))
                .body("runtime", is(Map.of("type", "simulated")))
                .body("typicalLatencyMs", is(1800))
                .body("status", is("active"))
                .body("version", is(1))
                .body("createdAt", notNullValue());
    }

    @Test
    void consumersSeeNoRuntimeInternalsWhileOperatorsDo() {
        String suffix = suffix();
        String id = given().contentType(ContentType.JSON).body(with(agentJson(suffix), "runtime",
                        "{\"type\": \"http\", \"endpoint\": \"https://agents.example.com/hidden\", \"timeoutMs\": 30000}"))
                .when().post("/internal/v1/agents")
                .then().statusCode(201).extract().path("id");

        given().when().get("/v1/agents/" + id)
                .then().statusCode(200)
                .body("runtime", is(Map.of("type", "http")));
        given().queryParam("vertical", "test-" + suffix)
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.runtime", contains(Map.of("type", "http")));
        given().queryParam("vertical", "marketing")
                .when().get("/v1/agents")
                .then().statusCode(200)
                .body("data.runtime", everyItem(is(Map.of("type", "simulated"))));

        given().when().get("/internal/v1/agents/" + id)
                .then().statusCode(200)
                .body("runtime.endpoint", is("https://agents.example.com/hidden"))
                .body("runtime.timeoutMs", is(30000))
                .body("estimatedCost", is(0.14f));
        given().when().get("/internal/v1/agents/agent_does_not_exist")
                .then().statusCode(404)
                .body("error", is("NOT_FOUND"));
    }

    @Test
    void anUnknownAgentIsNotFound() {
        given().header("X-Request-ID", "req_unknown_agent")
                .when().get("/v1/agents/agent_does_not_exist")
                .then().statusCode(404)
                .header("X-Request-ID", "req_unknown_agent")
                .body("error", is("NOT_FOUND"))
                .body("message", is("Agent agent_does_not_exist not found"))
                .body("requestId", is("req_unknown_agent"));
    }

    @ParameterizedTest
    @CsvSource({
            "page, 0, page",
            "page, abc, page",
            "limit, 0, limit",
            "limit, 101, limit",
            "limit, 2.5, limit",
            "sort, price, sort",
            "sort, -, sort",
            "status, retired, status"})
    void badListParametersAreRefusedNamingTheParameter(String parameter, String value, String field) {
        given().queryParam(parameter, value)
                .when().get("/v1/agents")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", startsWith(field + " must"))
                .body("requestId", startsWith("req_"));
    }
}
