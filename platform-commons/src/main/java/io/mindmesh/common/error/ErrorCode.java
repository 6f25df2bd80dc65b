package io.mindmesh.common.error;

/**
 * The public error codes, kept exactly (docs/public-api.md#error-codes); {@code CONFLICT} (409) is
 * the platform's own.
 */
public final class ErrorCode {
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String NO_AGENTS_AVAILABLE = "NO_AGENTS_AVAILABLE";
    public static final String CONFLICT = "CONFLICT";
    public static final String RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";

    private ErrorCode() {
    }
}
