package io.mindmesh.gateway.http;

import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.routing.Routes;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * A URL (path and query) longer than {@code gateway.max-url-length} gets 414 in the error envelope
 * (docs/public-api.md#error-envelope) before anything reads it. Vert.x's own limit on the request
 * line ({@code quarkus.http.limits.max-initial-line-length}) answers a bare 414, so it is set well
 * above this one and only stops request lines no client sends.
 */
@ApplicationScoped
public class UrlLengthLimit {

    private final int maxLength;
    private final GatewayMetrics metrics;

    UrlLengthLimit(@ConfigProperty(name = "gateway.max-url-length", defaultValue = "4000") int maxLength,
            GatewayMetrics metrics) {
        this.maxLength = maxLength;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() <= maxLength) {
            context.next();
            return;
        }
        String requestId = RequestId.acceptOrGenerate(context.request().getHeader(RequestId.HEADER));
        Map<String, Object> body;
        MDC.put(RequestId.MDC_KEY, requestId);
        try {
            body = ErrorBody.of(ErrorCode.INVALID_REQUEST,
                    "The URL is longer than the limit of " + maxLength + " characters", Map.of());
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
        metrics.request(Routes.OTHER, 414, GatewayMetrics.NO_TIER);
        context.response().setStatusCode(414)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestId.HEADER, requestId)
                .end(Json.encode(body));
    }
}
