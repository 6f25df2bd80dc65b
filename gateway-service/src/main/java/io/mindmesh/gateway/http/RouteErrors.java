package io.mindmesh.gateway.http;

import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.RequestId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.MDC;

/**
 * The error envelope (docs/public-api.md#error-envelope) answered from a Vert.x route, for the
 * limits checked before JAX-RS and its exception mappers see the request.
 */
final class RouteErrors {

    private RouteErrors() {
    }

    /** Ends the request with the envelope; {@code beforeEnd} may add headers or handlers first. */
    static void answer(RoutingContext context, int status, String message, Consumer<HttpServerResponse> beforeEnd) {
        String requestId = RequestId.acceptOrGenerate(context.request().getHeader(RequestId.HEADER));
        Map<String, Object> body;
        MDC.put(RequestId.MDC_KEY, requestId);
        try {
            body = ErrorBody.of(ErrorCode.INVALID_REQUEST, message, Map.of());
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
        HttpServerResponse response = context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestId.HEADER, requestId);
        beforeEnd.accept(response);
        response.end(Json.encode(body));
    }
}
