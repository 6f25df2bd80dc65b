package io.mindmesh.common.error;

/** Why {@link SecurityErrorMappers} refused a request: fired as a CDI event for metrics. */
public enum TokenRefusal {
    /** No bearer token, or one that is invalid or expired (401). */
    NO_VALID_TOKEN,
    /** A valid token without the role the path requires (403). */
    MISSING_ROLE
}
