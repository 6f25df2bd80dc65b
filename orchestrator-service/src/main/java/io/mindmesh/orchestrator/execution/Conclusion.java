package io.mindmesh.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a run ends, written before money moves: the steps that ended last are recorded
 * ({@code ended}, which the run's loop left for this transaction), its unfinished steps are closed
 * (running ones as {@code running}, waiting ones as {@code waiting}, each with {@code reason}), and,
 * when {@code record} is set, the outcome ({@code result}, or {@code error} without one) is recorded
 * so that whoever settles the execution (this worker or the reaper) knows it. Nothing of this when
 * the outcome was already recorded by a worker that died ({@link #alreadyRecorded()}).
 */
public record Conclusion(List<StepEnd> ended, StepStatus running, StepStatus waiting, String reason, boolean record,
        JsonNode result, String error) {

    public static Conclusion alreadyRecorded() {
        return new Conclusion(List.of(), null, null, null, false, null, null);
    }

    /** Closes the unfinished steps without recording an outcome. */
    public static Conclusion closing(StepStatus running, StepStatus waiting, String reason) {
        return new Conclusion(List.of(), running, waiting, reason, false, null, null);
    }

    public static Conclusion of(List<StepEnd> ended, StepStatus running, StepStatus waiting, String reason,
            JsonNode result, String error) {
        return new Conclusion(List.copyOf(ended), running, waiting, reason, true, result, error);
    }
}
