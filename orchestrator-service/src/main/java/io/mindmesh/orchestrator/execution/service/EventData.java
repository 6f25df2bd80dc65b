package io.mindmesh.orchestrator.execution.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import java.time.Duration;

/** The {@code data} of lifecycle events, as of the state just written. */
final class EventData {

    private EventData() {
    }

    static ExecutionEventData execution(Execution e, JsonNode result) {
        Long duration = e.completedAt == null ? null
                : Duration.between(e.startedAt != null ? e.startedAt : e.createdAt, e.completedAt).toMillis();
        return new ExecutionEventData(e.id, e.status.name(), e.query, e.mode.name(), null, null, null,
                e.status.terminal() ? e.actualCost : e.estimatedCost, duration, result, e.error);
    }

    static ExecutionEventData step(Execution e, ExecutionStep s, JsonNode output) {
        return new ExecutionEventData(e.id, s.status.name(), e.query, e.mode.name(), s.agentId, s.agentName, s.stepId,
                s.cost, s.durationMs, output, s.error);
    }
}
