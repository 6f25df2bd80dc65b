package io.mindmesh.orchestrator.runtime;

/** An agent call that did not produce a usable answer; {@code retryable} when another attempt may succeed. */
public class AgentFailure extends Exception {

    private final boolean retryable;

    public AgentFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The {@code outcome} label of the call's metric. */
    public String outcome() {
        return "failed";
    }
}
