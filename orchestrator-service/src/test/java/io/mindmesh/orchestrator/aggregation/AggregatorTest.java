package io.mindmesh.orchestrator.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AgentOutput output(String agent, int position, String confidence, String json) throws Exception {
        return new AgentOutput(agent, position, new BigDecimal(confidence), JSON.readTree(json));
    }

    @Test
    void mergeKeysEveryOutputByItsAgentInPlanOrder() throws Exception {
        JsonNode result = Aggregator.aggregate(AggregationStrategy.MERGE, List.of(
                output("social", 2, "0.85", "{\"posts\": 3}"),
                output("email", 1, "0.92", "{\"subject\": \"Launch\"}")));
        assertEquals(JSON.readTree("{\"email\": {\"subject\": \"Launch\"}, \"social\": {\"posts\": 3}}"), result);
        assertEquals(List.of("email", "social"), List.copyOf(iterable(result)));
    }

    @Test
    void bestReturnsTheMostConfidentOutputAndTheEarlierAgentOnATie() throws Exception {
        JsonNode result = Aggregator.aggregate(AggregationStrategy.BEST, List.of(
                output("a", 1, "0.80", "\"A\""),
                output("b", 2, "0.95", "\"B\""),
                output("c", 3, "0.95", "\"C\"")));
        assertEquals("b", result.get("agent").asText());
        assertEquals(new BigDecimal("0.95"), result.get("confidence").decimalValue());
        assertEquals("B", result.get("output").asText());
    }

    @Test
    void voteCountsOutputsThatDifferOnlyInCaseSpacingOrKeyOrderAsTheSame() throws Exception {
        JsonNode result = Aggregator.aggregate(AggregationStrategy.VOTE, List.of(
                output("a", 1, "0.70", "{\"verdict\": \"Approve \", \"risk\": \"low\"}"),
                output("b", 2, "0.99", "{\"verdict\": \"reject\", \"risk\": \"high\"}"),
                output("c", 3, "0.60", "{\"risk\": \"LOW\", \"verdict\": \"approve\"}")));
        assertEquals(2, result.get("votes").asInt());
        assertEquals(3, result.get("of").asInt());
        assertEquals(JSON.readTree("[\"a\", \"c\"]"), result.get("agents"));
        assertEquals("Approve ", result.at("/output/verdict").asText(), "the winner's most confident output is returned");
        assertEquals(new BigDecimal("0.70"), result.get("confidence").decimalValue());
    }

    @Test
    void aTiedVoteGoesToTheGroupWithTheMostConfidentMember() throws Exception {
        JsonNode result = Aggregator.aggregate(AggregationStrategy.VOTE, List.of(
                output("a", 1, "0.70", "\"yes\""),
                output("b", 2, "0.90", "\"no\""),
                output("c", 3, "0.60", "\"YES\""),
                output("d", 4, "0.50", "\"No\"")));
        assertEquals(JSON.readTree("[\"b\", \"d\"]"), result.get("agents"));
        assertEquals("no", result.get("output").asText());
    }

    @Test
    void customTakesEachFieldFromTheMostConfidentAgentThatProducedIt() throws Exception {
        JsonNode result = Aggregator.aggregate(AggregationStrategy.CUSTOM, List.of(
                output("copywriter", 1, "0.80", "{\"subject\": \"Meet DevAI\", \"body\": \"Hello\"}"),
                output("strategist", 2, "0.95", "{\"subject\": \"DevAI is here\", \"sendAt\": \"09:00\"}"),
                output("scorer", 3, "0.60", "42")));
        assertEquals(JSON.readTree("{\"subject\": \"DevAI is here\", \"sendAt\": \"09:00\", \"body\": \"Hello\","
                + " \"scorer\": 42}"), result.get("output"));
        assertEquals(JSON.readTree("{\"subject\": \"strategist\", \"sendAt\": \"strategist\", \"body\": \"copywriter\","
                + " \"scorer\": \"scorer\"}"), result.get("sources"));
    }

    @Test
    void nothingToAggregateGivesNoResult() {
        for (AggregationStrategy strategy : AggregationStrategy.values()) {
            assertNull(Aggregator.aggregate(strategy, List.of()));
        }
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
