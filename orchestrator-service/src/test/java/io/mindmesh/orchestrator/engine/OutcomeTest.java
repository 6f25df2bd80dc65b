package io.mindmesh.orchestrator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.orchestrator.execution.ExecutionMode;
import io.mindmesh.orchestrator.execution.ExecutionStatus;
import io.mindmesh.orchestrator.execution.StepStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final Map<String, StepStatus> PARTIAL = Map.of("a", StepStatus.COMPLETED, "b", StepStatus.FAILED);
    private static final Map<String, StepStatus> NONE = Map.of("a", StepStatus.FAILED, "b", StepStatus.FAILED);
    private static final Map<String, StepStatus> ALL = Map.of("a", StepStatus.COMPLETED, "b", StepStatus.COMPLETED);

    @Test
    void parallelSucceedsWhenAnyAgentDid() {
        assertEquals(ExecutionStatus.COMPLETED, ExecutionRunner.outcome(ExecutionMode.PARALLEL, PARTIAL));
        assertEquals(ExecutionStatus.FAILED, ExecutionRunner.outcome(ExecutionMode.PARALLEL, NONE));
    }

    @Test
    void sequentialAndDagSucceedOnlyWhenEveryStepDid() {
        for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.SEQUENTIAL, ExecutionMode.DAG}) {
            assertEquals(ExecutionStatus.FAILED, ExecutionRunner.outcome(mode, PARTIAL));
            assertEquals(ExecutionStatus.COMPLETED, ExecutionRunner.outcome(mode, ALL));
        }
    }
}
