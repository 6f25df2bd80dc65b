package io.mindmesh.orchestrator.orchestration.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.execution.AggregationStrategy;
import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.orchestration.rest.OrchestrateRequest;
import io.mindmesh.orchestrator.orchestration.rest.SelectionCriteria;
import io.mindmesh.orchestrator.orchestration.rest.WebhookRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

    @Test
    void absentOptionalFieldsTakeTheSeedsDefaults() {
        RequestRules.Validated valid = RequestRules.validate(new OrchestrateRequest("q", null, null, null, null, null));
        assertEquals(5, valid.maxAgents());
        assertEquals(new BigDecimal("0.7"), valid.minConfidence());
        assertEquals(ExecutionMode.PARALLEL, valid.mode());
        assertEquals(AggregationStrategy.MERGE, valid.aggregationStrategy());
        assertEquals(List.of(), valid.verticals());
        assertNull(valid.context());
        assertNull(valid.webhook());
    }

    @Test
    void aWebhookWithoutEventsSubscribesToAllFive() {
        RequestRules.Validated valid = RequestRules.validate(new OrchestrateRequest("q", null,
                new SelectionCriteria(List.of("marketing", "marketing"), null, 3, new BigDecimal("0.8")), "merge", "DAG",
                new WebhookRequest("https://your-app.com/webhooks/mindra", null, "whsec_x")));
        assertEquals(List.of("execution.started", "execution.completed", "execution.failed", "agent.started",
                "agent.completed"), valid.webhook().events());
        assertEquals(List.of("marketing"), valid.verticals(), "repeated names are kept once");
        assertEquals(3, valid.maxAgents());
        assertEquals(ExecutionMode.DAG, valid.mode());
    }

    @Test
    void theNoAgentsAnswerKeepsTheSeedsShape() {
        RequestRules.Validated valid = RequestRules.validate(new OrchestrateRequest("q", null,
                new SelectionCriteria(List.of("custom-vertical"), List.of("rare_capability"), null, null), null, null,
                null));
        ApiException e = SubmissionService.noAgentsAvailable(valid, "support@mindmesh.local");
        assertEquals(404, e.status());
        assertEquals("NO_AGENTS_AVAILABLE", e.code());
        assertEquals("No agents found matching your selection criteria", e.getMessage());
        assertEquals(Map.of("verticals", List.of("custom-vertical"), "requiredCapabilities", List.of("rare_capability")),
                e.extra().get("criteria"));
        assertEquals("Try relaxing your selection criteria or contact support@mindmesh.local to add custom agents",
                e.extra().get("suggestion"));
    }
}
