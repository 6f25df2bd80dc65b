package io.mindmesh.orchestrator.execution;

import io.mindmesh.orchestrator.runtime.AgentResult;
import java.math.BigDecimal;

/**
 * How a step's last attempt ended, handed by the step to the run's loop, which writes it: completed
 * with the agent's {@code result} and what the step {@code cost}, or failed with {@code error}.
 */
public record StepEnd(String stepId, AgentResult result, BigDecimal cost, String error) {

    public static StepEnd completed(String stepId, AgentResult result, BigDecimal cost) {
        return new StepEnd(stepId, result, cost, null);
    }

    public static StepEnd failed(String stepId, String error) {
        return new StepEnd(stepId, null, null, error);
    }

    public boolean succeeded() {
        return result != null;
    }
}
