package io.mindmesh.gateway.http;

import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} get 413 in the error envelope
 * (docs/public-api.md#error-envelope). Quarkus enforces the limit itself at
 * {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT} with an empty answer, before any JAX-RS mapper
 * could run, so this route runs just ahead of it: a declared {@code Content-Length} over the limit
 * is refused at once, and a chunked body is read here with the same limit (RESTEasy then takes the
 * body from the routing context instead of the socket).
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Marks a request this class answered, in its routing context. */
    private static final String REFUSED = BodySizeLimit.class.getName() + ".refused";
    /** How long the rest of a refused body is read and dropped before the connection is closed. */
    private static final long LINGER_MILLIS = 5_000;

    private final long limit;
    private final GatewayMetrics metrics;
    private final BodyHandler chunkedBodies;
    private final Vertx vertx;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            GatewayMetrics metrics, Vertx vertx) {
        this.limit = limit.asLongValue();
        this.metrics = metrics;
        this.vertx = vertx;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::check)
                .failureHandler(this::tooLargeWhileReading);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (declaredTooLarge(length)) {
                refuse(context);
            } else {
                context.next();
            }
        } else if (context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            chunkedBodies.handle(context);
        } else {
            context.next();
        }
    }

    /**
     * The body handler fails the request with 413 once a chunked body passes the limit, and then
     * again when the connection closed after our answer: that second failure is expected.
     */
    private void tooLargeWhileReading(RoutingContext context) {
        if (context.get(REFUSED) != null) {
            return;
        }
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself refuses a malformed Content-Length
        }
    }

    /** The connection is closed after the answer: the rest of the body is not worth keeping. */
    private void refuse(RoutingContext context) {
        context.put(REFUSED, true);
        metrics.request(context.request().path(), 413, GatewayMetrics.NO_TIER);
        HttpServerRequest request = context.request();
        RouteErrors.answer(context, 413, "The request body is larger than the limit of " + limit + " bytes",
                response -> response.putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(ignored -> closeLingering(request)));
    }

    /**
     * Closing a socket with unread body bytes makes the kernel send a reset, and a reset can
     * discard our 413 at the client before it is read (the client sees the connection drop). So,
     * as nginx's lingering close does, the rest of the body is read and dropped until it ends or
     * for {@link #LINGER_MILLIS} at most, and only then is the connection closed.
     */
    private void closeLingering(HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long timer = vertx.setTimer(LINGER_MILLIS, ignored -> request.connection().close());
        Handler<Object> close = ignored -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        };
        request.handler(dropped -> {
        }).exceptionHandler(close::handle).endHandler(close::handle);
        request.resume();
    }
}
