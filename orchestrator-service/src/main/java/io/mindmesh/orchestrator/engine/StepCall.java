package io.mindmesh.orchestrator.engine;

import io.mindmesh.orchestrator.runtime.AgentCall;
import io.mindmesh.orchestrator.runtime.AgentFailure;
import io.mindmesh.orchestrator.runtime.AgentResult;
import io.mindmesh.orchestrator.runtime.AgentRuntime;

/**
 * One agent invocation that can be interrupted, and only while the agent is being called: a
 * thread is never interrupted while it writes to the database, whose connection an interrupt
 * would break.
 */
final class StepCall {

    private Thread invoking;
    private boolean interrupted;

    AgentResult invoke(AgentRuntime runtime, AgentCall call) throws AgentFailure, InterruptedException {
        synchronized (this) {
            if (interrupted) {
                throw new InterruptedException("Step was stopped before its agent was called");
            }
            invoking = Thread.currentThread();
        }
        try {
            return runtime.invoke(call);
        } finally {
            synchronized (this) {
                invoking = null;
                // An interrupt that arrived as the call returned must not reach the next database write.
                Thread.interrupted();
            }
        }
    }

    synchronized void interrupt() {
        interrupted = true;
        if (invoking != null) {
            invoking.interrupt();
        }
    }
}
