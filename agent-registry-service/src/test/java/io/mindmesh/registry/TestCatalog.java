package io.mindmesh.registry;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import java.util.UUID;

/**
 * Catalog entries for the endpoint tests. Each test makes its own, named after a fresh suffix and
 * in a vertical of its own, so tests never see each other's data. Their words (glaciers,
 * meltwater) appear in no demo agent, so they do not move the seed examples' confidences.
 */
public final class TestCatalog {

    /** Decimals kept exactly, as the service reads them. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private TestCatalog() {
    }

    public static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static String agentJson(String suffix) {
        return """
                {"name": "glacier-survey-%1$s",
                 "displayName": "Glacier Survey %1$s",
                 "vertical": "test-%1$s",
                 "capabilities": ["glacier_survey", "meltwater_sampling"],
                 "description": "Surveys glacier meltwater and sediment for field teams, with sampling notes per site.",
                 "consumes": ["survey_area"],
                 "produces": ["survey_findings"],
                 "pricing": {"basePrice": 0.12, "variablePrice": 0.004, "unit": "1k_tokens", "typicalUnits": 5},
                 "runtime": {"type": "simulated", "latencyMs": 400, "failureRate": 0.01},
                 "typicalLatencyMs": 400}""".formatted(suffix);
    }

    /** Publishes {@link #agentJson} and returns the new agent's id. */
    public static String createAgent(String suffix) {
        return given().contentType(ContentType.JSON).body(agentJson(suffix))
                .when().post("/internal/v1/agents")
                .then().statusCode(201)
                .extract().path("id");
    }

    /**
     * Publishes a one-step workflow {@code survey-<suffix>} named {@code Survey <suffix>} on a new
     * agent, with a required launch variable {@code site} and an output {@code findings}; returns its slug.
     */
    public static String createWorkflow(String suffix) {
        String body = """
                {"slug": "survey-%1$s", "name": "Survey %1$s",
                 "steps": [{"id": "sample", "agentId": "%2$s", "instructions": "Sample meltwater at {{$launchVariables->site}}."}],
                 "launchVariables": [{"name": "site", "type": "string", "required": true}],
                 "outputVariables": [{"name": "findings", "stepId": "sample"}]}""".formatted(suffix, createAgent(suffix));
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/internal/v1/workflows")
                .then().statusCode(201)
                .extract().path("slug");
    }

    /**
     * The JSON document with the value at a dotted path ({@code pricing.basePrice},
     * {@code steps[1].dependsOn}) replaced by a raw JSON value, or removed when the value is
     * {@code <absent>}.
     */
    public static String with(String json, String path, String rawValue) {
        try {
            JsonNode root = JSON.readTree(json);
            String[] parts = path.split("\\.");
            JsonNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = child(parent, parts[i]);
            }
            String last = parts[parts.length - 1];
            if (last.endsWith("]")) {
                ArrayNode array = (ArrayNode) child(parent, last.substring(0, last.indexOf('[')));
                int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
                if ("<absent>".equals(rawValue)) {
                    array.remove(index);
                } else {
                    array.set(index, JSON.readTree(rawValue));
                }
            } else if ("<absent>".equals(rawValue)) {
                ((ObjectNode) parent).remove(last);
            } else {
                ((ObjectNode) parent).set(last, JSON.readTree(rawValue));
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode child(JsonNode node, String part) {
        if (part.endsWith("]")) {
            JsonNode array = node.get(part.substring(0, part.indexOf('[')));
            return array.get(Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1)));
        }
        return node.get(part);
    }
}
