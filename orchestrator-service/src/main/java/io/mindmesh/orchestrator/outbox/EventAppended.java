package io.mindmesh.orchestrator.outbox;

import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.orchestrator.execution.Execution;
import io.mindmesh.orchestrator.execution.ExecutionStep;
import java.util.List;

/**
 * Fired synchronously, inside the writing transaction, for every event appended to the outbox, so
 * that what must be written with an event (its webhook delivery) is written by observers in the
 * same transaction. It carries what they need, so that they read nothing again: the execution as
 * just written (its webhook subscription included) and the steps the event reports (the step of an
 * agent event, every step for the final execution events, none otherwise), and the trace the
 * event belongs to ({@code traceparent}, null when untraced).
 */
public record EventAppended(Execution execution, PlatformEvent event, List<ExecutionStep> steps, String traceparent) {
}
