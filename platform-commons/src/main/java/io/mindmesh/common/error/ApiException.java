package io.mindmesh.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that the caller should see as the error envelope (docs/public-api.md#error-envelope)
 * ({@code {error, message, details?, ..., requestId}}). Extra fields (for example {@code field},
 * {@code requiredBalance}, {@code criteria}) are written beside the standard ones.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> extra;
    private Integer retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = new LinkedHashMap<>(extra);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }

    /** 503: the caller may retry after the given delay; nothing was decided. */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, ErrorCode.SERVICE_UNAVAILABLE, message, Map.of("retryAfter", retryAfterSeconds))
                .retryAfter(retryAfterSeconds);
    }

    /** Also sends a {@code Retry-After} header with the error. */
    public ApiException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, ErrorCode.NOT_FOUND, what + " not found");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
