package io.mindmesh.orchestrator.runtime;

/** Runs one agent call. Implementations block, and stop promptly when their thread is interrupted. */
public interface AgentRuntime {

    AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException;
}
