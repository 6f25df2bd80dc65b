package io.mindmesh.common.error;

import io.mindmesh.common.request.RequestId;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the error envelope (docs/public-api.md#error-envelope); the one place that knows its field
 * order.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(String code, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        body.put("requestId", RequestId.current());
        return body;
    }

    public static Response response(int status, String code, String message, Map<String, Object> extra) {
        return builder(status, code, message, extra).build();
    }

    public static Response response(ApiException e) {
        Response.ResponseBuilder builder = builder(e.status(), e.code(), e.getMessage(), e.extra());
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return builder.build();
    }

    private static Response.ResponseBuilder builder(int status, String code, String message, Map<String, Object> extra) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(of(code, message, extra));
    }
}
