package io.mindmesh.orchestrator.engine;

import io.mindmesh.orchestrator.execution.Claim;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker's live view of one execution it holds: the claim it writes with, and the signals the
 * heartbeat (or a local cancel) raises while it runs.
 */
final class RunHandle {

    private final Claim claim;
    private final Set<StepCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;
    private volatile boolean timedOut;

    RunHandle(Claim claim) {
        this.claim = claim;
    }

    Claim claim() {
        return claim;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    boolean leaseLost() {
        return leaseLost;
    }

    boolean timedOut() {
        return timedOut;
    }

    boolean stopping() {
        return cancelRequested || leaseLost || timedOut;
    }

    /** The execution is being cancelled: agent calls in flight are interrupted. */
    void requestCancel() {
        cancelRequested = true;
        calls.forEach(StepCall::interrupt);
    }

    /** The execution ran out of time: agent calls in flight are interrupted. */
    void timeOut() {
        timedOut = true;
        calls.forEach(StepCall::interrupt);
    }

    /** Another worker owns the execution now: stop without writing anything more. */
    void loseLease() {
        leaseLost = true;
        calls.forEach(StepCall::interrupt);
    }

    void track(StepCall call) {
        calls.add(call);
    }

    void untrack(StepCall call) {
        calls.remove(call);
    }
}
