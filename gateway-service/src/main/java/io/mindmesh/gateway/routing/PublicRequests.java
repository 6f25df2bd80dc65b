package io.mindmesh.gateway.routing;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorMappers;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.gateway.auth.Admission;
import io.mindmesh.gateway.auth.ApiKeyAuthenticator;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.http.Answer;
import io.mindmesh.gateway.http.RouteErrors;
import io.mindmesh.gateway.metrics.GatewayMetrics;
import io.mindmesh.gateway.ratelimit.RateLimitHeaders;
import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * Every public request's way through the gateway, as a Vert.x route ahead of JAX-RS: it takes the
 * request id, matches the row of {@link Routes}, admits the caller ({@link ApiKeyAuthenticator}:
 * key, rate limit, scope) and then forwards the request itself ({@link Proxy}) or hands it on to
 * the JAX-RS resource that serves it (what the gateway answers itself, the event streams, the
 * operator paths). Every answer, forwarded, refused or served, gets the request id, the caller's
 * rate-limit headers and its count in {@code gateway_requests_total} here.
 *
 * <p>The HTTP server metrics and traces name a request by its row's template, or {@code other}
 * outside the table: never a raw path, with ids or whatever a caller made up in it.
 */
@ApplicationScoped
public class PublicRequests {

    /** Where Quarkus' HTTP metrics and traces look for a request's path template. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final ApiKeyAuthenticator authenticator;
    private final Proxy proxy;
    private final GatewayMetrics metrics;
    private final Clock clock;

    PublicRequests(ApiKeyAuthenticator authenticator, Proxy proxy, GatewayMetrics metrics, Clock clock) {
        this.authenticator = authenticator;
        this.proxy = proxy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** After the URL and body limits (http.UrlLengthLimit, http.BodySizeLimit), before everything else. */
    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (!Routes.isPublic(path)) {
            context.next(); // probes, metrics, the API documentation
            return;
        }
        HttpServerRequest request = context.request();
        String requestId = assignRequestId(request);
        Optional<Route> route = Routes.match(request.method().name(), path);
        ((HttpServerRequestInternal) request).context().putLocal(URL_PATH_TEMPLATE,
                route.map(Route::label).orElse(Routes.OTHER));
        Admission admission = Admission.begin(context, route);
        context.addHeadersEndHandler(ignored -> answered(context, admission, requestId));
        Context requestContext = Vertx.currentContext();
        started(() -> authenticator.admit(admission, path, request)).onComplete(admitted -> onRequestContext(
                requestContext, context, admitted.succeeded()
                        ? () -> serve(context, admission, path)
                        : () -> fail(context, admitted.cause())));
    }

    /** Forwarded here when a service owns the row; anything else is a JAX-RS resource's (or its 404). */
    private void serve(RoutingContext context, Admission admission, String path) {
        Route route = admission.route().orElse(null);
        if (route == null || !Proxy.serves(route)) {
            context.next();
            return;
        }
        Context requestContext = Vertx.currentContext();
        started(() -> proxy.forward(context, route, admission, path)).onComplete(answer -> onRequestContext(
                requestContext, context, answer.succeeded()
                        ? () -> write(context, answer.result())
                        : () -> fail(context, answer.cause())));
    }

    /**
     * The caller's {@code X-Request-ID} when well-formed, a new one otherwise; written back onto the
     * request so that the JAX-RS side (common.request.RequestIdFilters) keeps the same one.
     */
    private static String assignRequestId(HttpServerRequest request) {
        String presented = request.getHeader(RequestId.HEADER);
        String requestId = RequestId.acceptOrGenerate(presented);
        if (!requestId.equals(presented)) {
            request.headers().set(RequestId.HEADER, requestId);
        }
        MDC.put(RequestId.MDC_KEY, requestId);
        Span.current().setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, requestId);
        return requestId;
    }

    private void answered(RoutingContext context, Admission admission, String requestId) {
        MultiMap headers = context.response().headers();
        headers.set(RequestId.HEADER, requestId);
        admission.rateLimit().ifPresent(decision -> RateLimitHeaders.write(decision,
                clock.instant().getEpochSecond(), headers));
        metrics.request(admission.route().map(Route::label).orElse(Routes.OTHER), context.response().getStatusCode(),
                admission.key().map(AuthenticatedKey::tier).orElse(GatewayMetrics.NO_TIER));
    }

    private static void write(RoutingContext context, Answer answer) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return; // the caller went away while the service worked
        }
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
    }

    private static void fail(RoutingContext context, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause(); // a step that went through a CompletionStage (the idempotent POST)
        }
        RouteErrors.answer(context, cause instanceof ApiException api ? api : ErrorMappers.unexpectedFailure(cause));
    }

    /** A step's future, or its failure when the step threw before returning one. */
    private static <T> Future<T> started(Supplier<Future<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * Continues on the request's own context: a reply may complete on another (a Redis or database
     * client's), and the logging context and the request's event loop are the request's. A failure
     * of the step itself is answered too, never left to hang the request.
     */
    private static void onRequestContext(Context requestContext, RoutingContext context, Runnable step) {
        Runnable guarded = () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                fail(context, e);
            }
        };
        if (requestContext == null || Vertx.currentContext() == requestContext) {
            guarded.run();
        } else {
            requestContext.runOnContext(ignored -> guarded.run());
        }
    }
}
