package io.mindmesh.orchestrator.execution;

/** The right of one worker to write to one execution, while {@code token} is the execution's fencing token. */
public record Claim(String executionId, long token) {
}
