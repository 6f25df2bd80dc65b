package io.mindmesh.orchestrator.execution;

/** A claim with the execution as read in the claiming transaction, ready to run. */
public record ClaimedRun(Claim claim, RunSnapshot snapshot) {
}
