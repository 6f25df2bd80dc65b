package io.mindmesh.orchestrator.execution;

import java.util.Arrays;
import java.util.Optional;

/** PENDING → RUNNING → COMPLETED | FAILED, or through CANCELLING to CANCELLED. */
public enum ExecutionStatus {
    PENDING, RUNNING, CANCELLING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** A worker holds a lease on the execution. */
    public boolean active() {
        return this == RUNNING || this == CANCELLING;
    }

    public static Optional<ExecutionStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }
}
