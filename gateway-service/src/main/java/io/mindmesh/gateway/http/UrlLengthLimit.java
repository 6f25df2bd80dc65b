package io.mindmesh.gateway.http;

import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.routing.Routes;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
        metrics.request(Routes.OTHER, 414, GatewayMetrics.NO_TIER);
        RouteErrors.answer(context, 414, "The URL is longer than the limit of " + maxLength + " characters",
                response -> { });
    }
}
