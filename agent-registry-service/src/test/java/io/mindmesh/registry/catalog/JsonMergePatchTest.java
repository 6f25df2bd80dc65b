package io.mindmesh.registry.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 7396, appendix A, plus what the operator API relies on. */
class JsonMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                | {\"a\":\"c\"}             | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                | {\"b\":\"c\"}             | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                | {\"a\":null}              | {}",
            "{\"a\":\"b\",\"b\":\"c\"}    | {\"a\":null}              | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}              | {\"a\":\"c\"}             | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                | {\"a\":[\"b\"]}           | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}        | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}      | {\"a\":[1]}               | {\"a\":[1]}",
            "[\"a\",\"b\"]                | [\"c\",\"d\"]             | [\"c\",\"d\"]",
            "{\"a\":\"b\"}                | [\"c\"]                   | [\"c\"]",
            "{\"a\":\"foo\"}              | null                      | null",
            "{\"a\":\"foo\"}              | \"bar\"                   | \"bar\"",
            "{\"e\":null}                 | {\"a\":1}                 | {\"e\":null,\"a\":1}",
            "[1,2]                        | {\"a\":\"b\",\"c\":null}  | {\"a\":\"b\"}",
            "{}                           | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"})
    void followsRfc7396(String target, String patch, String expected) throws Exception {
        assertEquals(JSON.readTree(expected), JsonMergePatch.apply(JSON.readTree(target), JSON.readTree(patch)));
    }

    @Test
    void changesOneNestedMemberAndLeavesTheTargetUntouched() throws Exception {
        JsonNode target = JSON.readTree("{\"pricing\": {\"basePrice\": 0.2, \"unit\": \"call\"}, \"name\": \"x\"}");

        JsonNode patched = JsonMergePatch.apply(target, JSON.readTree("{\"pricing\": {\"basePrice\": 0.3}}"));

        assertEquals(JSON.readTree("{\"pricing\": {\"basePrice\": 0.3, \"unit\": \"call\"}, \"name\": \"x\"}"), patched);
        assertEquals(JSON.readTree("{\"pricing\": {\"basePrice\": 0.2, \"unit\": \"call\"}, \"name\": \"x\"}"), target);
    }
}
