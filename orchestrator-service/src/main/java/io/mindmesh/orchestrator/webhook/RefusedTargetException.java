package io.mindmesh.orchestrator.webhook;

/**
 * A URL whose host is not allowed (SSRF guard) or cannot be resolved. The message may be shown to
 * the tenant who gave the URL; {@link #detail()} (the resolved address) is for operators' logs only.
 */
public class RefusedTargetException extends Exception {

    private final String detail;
    private final boolean unresolved;

    public RefusedTargetException(String message, String detail, boolean unresolved) {
        super(message, null, false, false);
        this.detail = detail;
        this.unresolved = unresolved;
    }

    /** What was refused, the resolved address included: never for tenants. */
    public String detail() {
        return detail;
    }

    /** A name that does not resolve (now): unlike a refused address, it may work later. */
    public boolean unresolved() {
        return unresolved;
    }
}
