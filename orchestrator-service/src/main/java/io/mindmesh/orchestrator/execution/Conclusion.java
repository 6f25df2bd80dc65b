package io.mindmesh.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a run ends, written before money moves: its unfinished steps are closed (running ones as
 * {@code running}, waiting ones as {@code waiting}, each with {@code reason}), and, when
 * {@code record} is set, the outcome ({@code result}, or {@code error} without one) is recorded so
 * that whoever settles the execution (this worker or the reaper) knows it. Nothing of this when
 * the outcome was already recorded by a worker that died ({@link #alreadyRecorded()}).
 */
public record Conclusion(StepStatus running, StepStatus waiting, String reason, boolean record, JsonNode result,
        String error) {

    public static Conclusion alreadyRecorded() {
        return new Conclusion(null, null, null, false, null, null);
    }

    /** Closes the unfinished steps without recording an outcome. */
    public static Conclusion closing(StepStatus running, StepStatus waiting, String reason) {
        return new Conclusion(running, waiting, reason, false, null, null);
    }

    public static Conclusion of(StepStatus running, StepStatus waiting, String reason, JsonNode result, String error) {
        return new Conclusion(running, waiting, reason, true, result, error);
    }
}
