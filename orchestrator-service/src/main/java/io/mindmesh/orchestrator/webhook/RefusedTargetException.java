package io.mindmesh.orchestrator.webhook;

/** A webhook URL whose host is not allowed (SSRF guard) or cannot be resolved. */
public class RefusedTargetException extends Exception {

    private final boolean unresolved;

    public RefusedTargetException(String message, boolean unresolved) {
        super(message, null, false, false);
        this.unresolved = unresolved;
    }

    /** A name that does not resolve (now): unlike a refused address, it may work later. */
    public boolean unresolved() {
        return unresolved;
    }
}
