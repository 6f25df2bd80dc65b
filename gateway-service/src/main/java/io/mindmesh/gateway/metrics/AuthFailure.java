package io.mindmesh.gateway.metrics;

/** Why a request was refused before reaching anything: the {@code reason} of {@code gateway_auth_failures_total}. */
public enum AuthFailure {
    /** No API key presented. */
    MISSING,
    /** An API key that is malformed, unknown, revoked or expired (the caller is not told which). */
    INVALID,
    /** Like {@link #INVALID}, from an address over its budget of failures: answered 429. */
    THROTTLED,
    /** A valid key of a suspended account. */
    SUSPENDED,
    /** A valid key without the scope the request needs. */
    SCOPE,
    /** An operator path without a valid Keycloak token. */
    OPERATOR_TOKEN,
    /** A valid Keycloak token without the operator role. */
    OPERATOR_ROLE;

    public String label() {
        return name().toLowerCase();
    }
}
