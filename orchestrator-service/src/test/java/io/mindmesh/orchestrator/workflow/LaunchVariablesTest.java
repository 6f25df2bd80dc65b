package io.mindmesh.orchestrator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.CatalogWorkflow.LaunchVariable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LaunchVariablesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static LaunchVariable variable(String name, String type, boolean required, String defaultJson)
            throws Exception {
        return new LaunchVariable(name, type, required, defaultJson == null ? null : json(defaultJson), "");
    }

    private static ApiException refused(Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void substitutesEveryReferenceWithTheValueText() throws Exception {
        LaunchVariables vars = LaunchVariables.resolve(List.of(variable("topic", "string", true, null),
                variable("words", "number", false, "500")), json("{\"topic\":\"Dogs\"}"), "variables");

        assertEquals("Assistant will write a blog post about the following topic: Dogs in 500 words (Dogs)",
                vars.substitute("Assistant will write a blog post about the following topic: "
                        + "{{$launchVariables->topic}} in {{ $launchVariables->words }} words ({{$launchVariables->topic}})"));
    }

    @Test
    void aValueIsNeverSubstitutedAgainAndSpecialCharactersStayLiteral() throws Exception {
        LaunchVariables vars = LaunchVariables.resolve(List.of(variable("a", "string", true, null),
                variable("b", "string", true, null)),
                json("{\"a\":\"{{$launchVariables->b}} costs $1 \\\\ more\",\"b\":\"B\"}"), "variables");

        assertEquals("[{{$launchVariables->b}} costs $1 \\ more]", vars.substitute("[{{$launchVariables->a}}]"));
    }

    @Test
    void aReferenceWithoutValueBecomesEmptyAndUndeclaredValuesAreNotVariables() throws Exception {
        LaunchVariables vars = LaunchVariables.resolve(List.of(variable("tone", "string", false, null)),
                json("{\"secret\":\"x\"}"), "metadata");

        assertTrue(vars.values().isEmpty());
        assertEquals("<><>", vars.substitute("<{{$launchVariables->tone}}><{{$launchVariables->secret}}>"));
    }

    @Test
    void aMissingRequiredVariableIsNamed() throws Exception {
        List<LaunchVariable> declared = List.of(variable("topic", "string", true, null));

        ApiException nullValue = refused(() -> LaunchVariables.resolve(declared, json("{\"topic\":null}"), "metadata"));
        assertEquals("metadata.topic", nullValue.extra().get("field"));
        assertTrue(nullValue.getMessage().contains("'topic'"), nullValue.getMessage());
        ApiException absent = refused(() -> LaunchVariables.resolve(declared, null, "variables"));
        assertEquals("variables.topic", absent.extra().get("field"));
    }

    @Test
    void typesAreCheckedAndNumbersAndBooleansMayComeAsText() throws Exception {
        List<LaunchVariable> declared = List.of(variable("n", "number", true, null),
                variable("flag", "boolean", true, null), variable("s", "string", true, null));

        LaunchVariables vars = LaunchVariables.resolve(declared, json("{\"n\":\"2.50\",\"flag\":true,\"s\":7.0}"),
                "variables");
        assertEquals(Map.of("n", "2.50", "flag", "true", "s", "7"), vars.values());

        assertEquals("variables.n", refused(() -> LaunchVariables.resolve(declared,
                json("{\"n\":\"ten\",\"flag\":true,\"s\":\"x\"}"), "variables")).extra().get("field"));
        assertEquals("variables.flag", refused(() -> LaunchVariables.resolve(declared,
                json("{\"n\":1,\"flag\":\"yes\",\"s\":\"x\"}"), "variables")).extra().get("field"));
        assertEquals("variables.s", refused(() -> LaunchVariables.resolve(declared,
                json("{\"n\":1,\"flag\":false,\"s\":{}}"), "variables")).extra().get("field"));
        assertEquals("variables", refused(() -> LaunchVariables.resolve(declared, json("[1]"), "variables"))
                .extra().get("field"));
    }
}
