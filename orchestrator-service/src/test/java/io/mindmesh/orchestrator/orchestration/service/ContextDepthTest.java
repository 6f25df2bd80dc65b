package io.mindmesh.orchestrator.orchestration.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContextDepthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void anObjectOfScalarsIsOneLevelDeep() throws Exception {
        assertTrue(ContextDepth.within(json("{\"a\": 1, \"b\": \"x\"}"), 1));
        assertFalse(ContextDepth.within(json("{\"a\": {}}"), 1));
    }

    @Test
    void arraysCountAsLevelsLikeObjects() throws Exception {
        JsonNode threeLevels = json("{\"a\": {\"b\": [1, 2]}}");
        assertTrue(ContextDepth.within(threeLevels, 3));
        assertFalse(ContextDepth.within(threeLevels, 2));
    }

    @Test
    void theDeepestBranchDecides() throws Exception {
        JsonNode mixed = json("{\"shallow\": 1, \"deep\": {\"x\": {\"y\": {\"z\": true}}}}");
        assertTrue(ContextDepth.within(mixed, 4));
        assertFalse(ContextDepth.within(mixed, 3));
    }

    @Test
    void theSeedsExampleContextsAreWellWithinTenLevels() throws Exception {
        assertTrue(ContextDepth.within(json("{\"goals\": {\"primary\": \"signups\", \"kpis\": {\"signupGoal\": 1000}},"
                + " \"target\": {\"geography\": [\"US\", \"EU\", \"APAC\"]}}"), RequestRules.MAX_CONTEXT_DEPTH));
    }
}
