package io.mindmesh.gateway.routing;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.input.InputGuards;
import io.mindmesh.gateway.auth.Admission;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.http.Answer;
import io.mindmesh.gateway.http.Offload;
import io.mindmesh.gateway.idempotency.Idempotency;
import io.mindmesh.gateway.idempotency.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Forwards the requests of the rows a service owns (a downstream in {@link Routes}; not the event
 * streams, which {@link StreamRelay} relays, nor the operator paths, which go through Quarkus
 * security) straight from the gateway's Vert.x route: the request never enters JAX-RS, whose
 * request and response pipeline cost about as much as the forward itself.
 *
 * <p>Everything runs on the request's event loop: the forward holds no thread while the service
 * works. Only an idempotent POST reads and writes its record, on a worker.
 */
@ApplicationScoped
class Proxy {

    private static final Set<String> FORWARDED_METHODS = Set.of("GET", "HEAD", "POST", "PATCH", "DELETE");
    private static final Set<String> WITH_BODY = Set.of("POST", "PATCH");
    private static final byte[] NO_BODY = new byte[0];

    private final Forwarder forwarder;
    private final Idempotency idempotency;

    Proxy(Forwarder forwarder, Idempotency idempotency) {
        this.forwarder = forwarder;
        this.idempotency = idempotency;
    }

    /** Whether a request on {@code route} is forwarded here rather than served by a JAX-RS resource. */
    static boolean serves(Route route) {
        return route.downstream().isPresent() && route.timeout() != Route.TimeoutClass.STREAM
                && route.auth() != Route.Auth.OPERATOR;
    }

    /**
     * The service's answer to the request, or a failure to answer in the error envelope.
     *
     * @param path the decoded, normalised path the route was matched on; what the service receives
     */
    Future<Answer> forward(RoutingContext context, Route route, Admission admission, String path) {
        HttpServerRequest request = context.request();
        String method = request.method().name();
        if (!FORWARDED_METHODS.contains(method)) {
            return Future.failedFuture(new ApiException(405, ErrorCode.INVALID_REQUEST,
                    "Method not allowed on this resource"));
        }
        String query = request.query();
        // The input every service refuses anyway, refused here before it travels (docs/public-api.md#bad-input).
        InputGuards.checkQuery(query);
        String target = query == null ? path : path + "?" + query;
        // A route without a key (a poll token) carries no account: the service learns nobody's identity.
        Map<String, String> identity = route.auth() == Route.Auth.API_KEY
                ? admission.key().orElseThrow().identityHeaders() : Map.of();
        UnaryOperator<String> header = request::getHeader;
        if (!WITH_BODY.contains(method)) {
            return forwarder.forward(route, method, target, header, null, identity);
        }
        InputGuards.checkContentType(request.getHeader("Content-Type"));
        String idempotencyKey = request.getHeader(Idempotency.HEADER);
        return body(context).compose(body -> {
            if (idempotencyKey == null || !"POST".equals(method) || admission.key().isEmpty()) {
                return forwarder.forward(route, method, target, header, body, identity);
            }
            AuthenticatedKey key = admission.key().get();
            IdempotencyStore.Scope scope = new IdempotencyStore.Scope(key.accountId(), key.environment());
            // The record is read and written on a worker; the forward itself stays on the event loop.
            return Offload.blocking(() -> idempotency.claimOrReplay(scope, idempotencyKey, method, path, body))
                    .compose(replay -> replay.isPresent() ? Future.succeededFuture(replay.get())
                            : settled(scope, idempotencyKey,
                                    forwarded(() -> forwarder.forward(route, method, target, header, body, identity))));
        });
    }

    /** The forward's outcome once its idempotency record is kept (an answer) or freed (a failure or 5xx). */
    private Future<Answer> settled(IdempotencyStore.Scope scope, String key, Future<Answer> forwarded) {
        return forwarded
                .transform(outcome -> Offload.blocking(() -> {
                    idempotency.settle(scope, key, outcome.succeeded() ? outcome.result() : null);
                    return null;
                }))
                .compose(recorded -> forwarded);
    }

    /** A forward that throws before returning its future fails the future instead, so that its record is freed. */
    private static Future<Answer> forwarded(Supplier<Future<Answer>> forward) {
        try {
            return forward.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * The whole request body: a chunked one was read already by {@code http.BodySizeLimit}, within
     * the size limit; one with a declared length (checked there too) is read here.
     */
    private static Future<byte[]> body(RoutingContext context) {
        if (context.body().available()) {
            Buffer read = context.body().buffer();
            return Future.succeededFuture(read == null ? NO_BODY : read.getBytes());
        }
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            return Future.succeededFuture(NO_BODY);
        }
        Future<Buffer> whole = request.body();
        request.resume(); // Quarkus pauses every request until something reads it
        return whole.map(Buffer::getBytes);
    }
}
