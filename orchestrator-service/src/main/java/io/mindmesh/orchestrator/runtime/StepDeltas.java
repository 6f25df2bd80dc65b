package io.mindmesh.orchestrator.runtime;

/**
 * Where a runtime that receives its answer piece by piece (an {@code llm} agent with
 * {@code stream: true}) writes the text as it arrives, so the execution's streams can show it
 * while the step runs. The pieces are ephemeral: the step's {@code agent.completed} event carries
 * the whole output whatever became of them.
 */
public interface StepDeltas {

    /** A writer for one attempt of one step; used by the thread running the attempt only. */
    Writer open(AgentCall call);

    interface Writer {

        void append(String text);

        /**
         * Sends what is still held back and returns once it has left this replica, so that the
         * step's completed event, written next, comes after it on every stream.
         */
        void finish() throws InterruptedException;
    }
}
