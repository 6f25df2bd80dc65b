package io.mindmesh.orchestrator.execution;

/** A step is one agent call (with its retries) within an execution. */
public enum StepStatus {
    PENDING, RUNNING, COMPLETED, FAILED, SKIPPED, CANCELLED
}
