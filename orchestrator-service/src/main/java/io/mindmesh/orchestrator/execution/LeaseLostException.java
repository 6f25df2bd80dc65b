package io.mindmesh.orchestrator.execution;

/** A worker tried to write with a stale fencing token: another worker (or the reaper) owns the execution now. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String executionId) {
        super("Lease on " + executionId + " is no longer held by this worker", null, false, false);
    }
}
