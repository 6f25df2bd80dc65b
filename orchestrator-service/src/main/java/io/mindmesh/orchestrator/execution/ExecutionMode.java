package io.mindmesh.orchestrator.execution;

import java.util.Arrays;
import java.util.Optional;

/** The execution modes of {@code /v1/orchestrate} (docs/public-api.md#execution-modes). */
public enum ExecutionMode {
    SEQUENTIAL, PARALLEL, DAG;

    public static Optional<ExecutionMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.name().equals(value)).findFirst();
    }
}
