package io.mindmesh.registry.selection.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "registry"))
class SelectionResourceTest {

    private static final String EXAMPLE_1 = """
            {"query": "Create a comprehensive marketing campaign for our product launch",
             "verticals": ["marketing"], "maxAgents": 3}""";
    private static final String EXAMPLE_2 = """
            {"query": "Process international payment with currency conversion and compliance check",
             "verticals": ["cross-border"],
             "requiredCapabilities": ["multi_currency_conversion", "compliance_check", "payment_routing"]}""";
    private static final String EXAMPLE_3 = """
            {"query": "Optimize inventory levels and coordinate shipments for Q4",
             "verticals": ["supply-chain"],
             "requiredCapabilities": ["demand_forecasting", "inventory_optimization", "shipment_tracking"],
             "maxAgents": 2}""";
    private static final String EXAMPLE_4 = """
            {"query": "Generate quarterly financial report"}""";

    @Test
    void example1MarketingCampaignSelectsEmailAndSocialMediaAgents() {
        select(EXAMPLE_1)
                .body("selected", hasSize(allOf(greaterThanOrEqualTo(2), lessThanOrEqualTo(3))))
                .body("selected.name", hasItems("email-campaign-agent", "social-media-agent"))
                .body("selected.vertical", everyItem(is("marketing")))
                .body("selected.confidence", everyItem(greaterThanOrEqualTo(0.7f)))
                .body("selected.find { it.id == 'agent_email_campaign' }.estimatedCost", is(0.5f))
                .body("selected.find { it.id == 'agent_social_media' }.estimatedCost", is(0.25f))
                .body("rejected.find { it.id == 'agent_newsletter_legacy' }.reason", is("Agent is deprecated"))
                .body("rejected.find { it.id == 'agent_campaign_analytics' }.reason",
                        is("Vertical analytics was not requested"));
    }

    @Test
    void example2CrossBorderPaymentCoversAllThreeCapabilities() {
        select(EXAMPLE_2)
                .body("selected.name", containsInAnyOrder("currency-conversion-agent", "compliance-check-agent",
                        "payment-routing-agent"))
                .body("selected.confidence", everyItem(greaterThanOrEqualTo(0.7f)))
                .body("rejected.find { it.id == 'agent_trade_documents' }.reason",
                        is("Capability not needed: provides none of the required capabilities"));
    }

    @Test
    void example3SupplyChainGetsExactlyTwoAgentsCoveringTheThreeCapabilitiesAsADag() {
        ValidatableResponse response = select(EXAMPLE_3)
                .body("selected.name", containsInAnyOrder("demand-planning-agent", "logistics-coordination-agent"))
                .body("selected.confidence", everyItem(greaterThanOrEqualTo(0.7f)));

        List<String> capabilities = response.extract().jsonPath().getList("selected.capabilities.flatten()");
        assertTrue(capabilities.containsAll(List.of("demand_forecasting", "inventory_optimization", "shipment_tracking")),
                capabilities.toString());
        response.body("selected.find { it.name == 'demand-planning-agent' }.produces", hasItem("inventory_plan"))
                .body("selected.find { it.name == 'logistics-coordination-agent' }.consumes", hasItem("inventory_plan"));
    }

    @Test
    void example4QuarterlyReportWithoutCriteriaSelectsOnlyFinanceAgents() {
        select(EXAMPLE_4)
                .body("selected.name", hasItem("financial-reporting-agent"))
                .body("selected.vertical", everyItem(oneOf("finance", "analytics")))
                .body("selected.vertical", not(hasItem("marketing")))
                .body("selected.confidence", everyItem(greaterThanOrEqualTo(0.7f)));
    }

    @Test
    void selectedAgentsAreOrderedByConfidenceHighestFirst() {
        List<Float> confidences = select(EXAMPLE_4).extract().jsonPath().getList("selected.confidence", Float.class);

        assertTrue(confidences.size() >= 2, confidences.toString());
        for (int i = 1; i < confidences.size(); i++) {
            assertTrue(confidences.get(i - 1) >= confidences.get(i), confidences.toString());
        }
    }

    @Test
    void anUnrelatedQuerySelectsNothingAndExplainsEveryAgent() {
        int catalogSize = given().queryParam("limit", 100).get("/v1/agents").then().extract().path("pagination.total");

        select("""
                {"query": "bake a chocolate cake"}""")
                .body("selected", empty())
                .body("rejected", hasSize(catalogSize))
                .body("rejected.confidence", everyItem(is(0.0f)))
                .body("rejected.find { it.id == 'agent_email_campaign' }.reason",
                        is("Confidence 0 is below minConfidence 0.7"));
    }

    @Test
    void anUnknownVerticalSelectsNothing() {
        select("""
                {"query": "Create an email campaign", "verticals": ["custom-vertical"]}""")
                .body("selected", empty())
                .body("rejected.find { it.id == 'agent_email_campaign' }.reason",
                        is("Vertical marketing was not requested"));
    }

    @Test
    void aCapabilityNoAgentHasSelectsNothing() {
        select("""
                {"query": "Process payment", "verticals": ["cross-border"], "requiredCapabilities": ["rare_capability"]}""")
                .body("selected", empty())
                .body("rejected.find { it.id == 'agent_payment_routing' }.reason",
                        is("Capability not needed: provides none of the required capabilities"));
    }

    @Test
    void capabilitiesThatCannotBeCoveredWithinMaxAgentsSelectNothing() {
        select(EXAMPLE_3.replace("\"maxAgents\": 2", "\"maxAgents\": 1"))
                .body("selected", empty())
                .body("rejected.find { it.id == 'agent_demand_planner' }.reason",
                        is("Required capabilities [shipment_tracking] cannot be covered within maxAgents 1"));
    }

    @Test
    void aHigherMinConfidenceLeavesOutTheWeakerMatches() {
        // Relevance depends on the whole catalog (BM25's term statistics), which other tests grow:
        // the threshold is the best match's confidence, read from the unfiltered answer.
        JsonPath unfiltered = select(EXAMPLE_1).extract().jsonPath();
        Set<String> all = new HashSet<>(unfiltered.getList("selected.name", String.class));
        List<Float> confidences = unfiltered.getList("selected.confidence", Float.class);
        float best = confidences.stream().max(Float::compare).orElseThrow();
        assertTrue(confidences.stream().anyMatch(c -> c < best), "the matches differ in confidence: " + confidences);
        String bestName = unfiltered.getList("selected.name", String.class).get(confidences.indexOf(best));

        ValidatableResponse filtered = select(EXAMPLE_1.replace("\"maxAgents\": 3",
                "\"maxAgents\": 3, \"minConfidence\": " + best));
        filtered.body("selected.confidence", everyItem(greaterThanOrEqualTo(best)));
        Set<String> strict = names(filtered);

        assertTrue(all.containsAll(strict), strict + " within " + all);
        assertTrue(strict.contains(bestName), strict.toString());
        assertTrue(strict.size() < all.size(), strict + " vs " + all);
    }

    @Test
    void theSameRequestAlwaysGetsTheSameAnswer() {
        for (String example : List.of(EXAMPLE_1, EXAMPLE_2, EXAMPLE_3, EXAMPLE_4)) {
            String first = select(example).extract().asString();
            String second = select(example).extract().asString();
            assertEquals(first, second);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"query\": \"x\", \"maxAgents\": 0}                 | maxAgents     | maxAgents must be between 1 and 10",
            "{\"query\": \"x\", \"maxAgents\": 11}                | maxAgents     | maxAgents must be between 1 and 10",
            "{\"query\": \"x\", \"minConfidence\": 1.5}           | minConfidence | minConfidence must be between 0 and 1",
            "{\"query\": \"x\", \"minConfidence\": -0.1}          | minConfidence | minConfidence must be between 0 and 1",
            "{\"query\": \"\"}                                    | query         | Query is required and must be between 1 and 10000 characters",
            "{\"maxAgents\": 3}                                   | query         | Query is required and must be between 1 and 10000 characters",
            "{\"query\": \"x\", \"verticals\": [\" \"]}           | verticals     | verticals must not contain blank values",
            "{\"query\": \"x\", \"requiredCapabilities\": [null]} | requiredCapabilities | requiredCapabilities must not contain blank values"})
    void invalidCriteriaAreRefusedNamingTheField(String body, String field, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/selections")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is(field))
                .body("message", is(message))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aQueryLongerThan10000CharactersIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("query", "a".repeat(10_001)))
                .when().post("/internal/v1/selections")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("field", is("query"));
    }

    @Test
    void aQueryOfExactly10000CharactersIsAccepted() {
        given().contentType(ContentType.JSON).body(Map.of("query", "report ".repeat(1_428) + "fina"))
                .when().post("/internal/v1/selections")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"query\": \"x\", ",
            "{\"query\": \"x\", \"maxAgents\": \"many\"}",
            "{\"query\": [\"x\"]}",
            "{\"query\": \"x\", \"verticals\": \"marketing\"}",
            "[]"})
    void malformedOrMistypedBodiesAreRefused(String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/selections")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"))
                .body("requestId", startsWith("req_"));
    }

    @Test
    void aMissingBodyIsRefused() {
        given().contentType(ContentType.JSON)
                .when().post("/internal/v1/selections")
                .then().statusCode(400)
                .body("error", is("INVALID_REQUEST"));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        given().contentType(ContentType.TEXT).body("query=x")
                .when().post("/internal/v1/selections")
                .then().statusCode(415)
                .body("error", is("INVALID_REQUEST"))
                .body("message", is("Content-Type must be application/json"));
    }

    private static ValidatableResponse select(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/selections")
                .then().statusCode(200);
    }

    private static Set<String> names(ValidatableResponse response) {
        return new HashSet<>(response.extract().jsonPath().getList("selected.name", String.class));
    }
}
