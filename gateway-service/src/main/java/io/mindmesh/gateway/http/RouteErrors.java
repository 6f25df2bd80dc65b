package io.mindmesh.gateway.http;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.RequestId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The error envelope (docs/public-api.md#error-envelope) answered from a Vert.x route: the limits
 * checked before anything reads the request, and the refusals and failures of the requests the
 * gateway serves without JAX-RS.
 */
public final class RouteErrors {

    private RouteErrors() {
    }

    /** Ends the request with the exception's status, code, message, details and {@code Retry-After}. */
    public static void answer(RoutingContext context, ApiException e) {
        answer(context, e.status(), e.code(), e.getMessage(), e.extra(), response -> {
            if (e.retryAfterSeconds() != null) {
                response.putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
        });
    }

    /** Ends the request with an {@code INVALID_REQUEST} envelope; {@code beforeEnd} may add headers or handlers first. */
    static void answer(RoutingContext context, int status, String message, Consumer<HttpServerResponse> beforeEnd) {
        answer(context, status, ErrorCode.INVALID_REQUEST, message, Map.of(), beforeEnd);
    }

    private static void answer(RoutingContext context, int status, String code, String message,
            Map<String, Object> extra, Consumer<HttpServerResponse> beforeEnd) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return; // the caller went away, or a late failure after the answer: nobody to tell
        }
        String requestId = RequestId.acceptOrGenerate(context.request().getHeader(RequestId.HEADER));
        Map<String, Object> body = ErrorBody.of(code, message, extra);
        body.put("requestId", requestId); // keeps its place: the limits answer before the id is in the logging context
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestId.HEADER, requestId);
        beforeEnd.accept(response);
        response.end(Json.encode(body));
    }
}
