package io.mindmesh.orchestrator.stream.service;

/**
 * Text a streaming llm step received, as the {@code step.delta} event of its execution's streams
 * shows it. {@code index} counts the deltas of one attempt from 0 (a retried step starts again at
 * 0); the deltas of an attempt concatenated are its answer so far.
 */
public record StepDelta(String executionId, String stepId, String agentId, int index, String delta) {

    public static final String EVENT = "step.delta";
}
