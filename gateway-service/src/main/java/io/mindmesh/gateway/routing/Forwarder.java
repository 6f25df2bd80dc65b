package io.mindmesh.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.gateway.http.Answer;
import io.mindmesh.gateway.http.CircuitBreaker;
import io.mindmesh.gateway.idempotency.Idempotency;
import io.mindmesh.gateway.security.ServiceToken;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Sends an authenticated public request to the service that owns it, with the caller's identity
 * in headers, and relays the answer. The API key itself never leaves the gateway: the service sees
 * the gateway's own service token in {@code Authorization} instead.
 *
 * <p>The exchange runs on the Vert.x event loop of the request (pooled keep-alive connections, no
 * thread waits and none hands the answer to another): a proxied request costs no thread switch.
 * Each service has its own circuit breaker, opened by connection failures and timeouts, so a dead
 * service answers 503 at once; only GETs are retried, because they change nothing. A synchronous
 * run may take minutes ({@link Route.TimeoutClass}). Server-sent event streams are
 * {@link StreamRelay}'s.
 *
 * <p>This client is not instrumented by Quarkus, so each call is a client span of its own, child
 * of the request's server span, and carries it to the service as {@code traceparent}.
 */
@ApplicationScoped
public class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    /** Request headers a service may need besides identity; everything else stays at the gateway. */
    static final List<String> PASSED_REQUEST_HEADERS = List.of("Content-Type", "Accept", "Last-Event-ID",
            Idempotency.HEADER);
    static final List<String> PASSED_RESPONSE_HEADERS = List.of("Content-Type", "Retry-After", "Location",
            "Cache-Control");
    private static final int RETRY_AFTER_SECONDS = 5;
    /** A GET without an answer is sent this many times more, {@link #RETRY_DELAY_MILLIS} ± half apart. */
    private static final int GET_RETRIES = 2;
    private static final long RETRY_DELAY_MILLIS = 100;
    /** The timer label of an exchange that got no answer. */
    private static final int UNAVAILABLE = -1;

    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    /**
     * One client per event loop, used only from that loop, so that its connections live there too:
     * with one client for all loops a request's connection was often another loop's, and each
     * exchange crossed threads twice (the write handed to the connection's loop, the answer handed
     * back), a quarter of the gateway's CPU in a profile. Never used from a worker thread: Vert.x'
     * client used from worker threads left an exchange without an answer now and then (an operator
     * call timed out in the module's tests), so a forward starts on an event loop or not at all.
     */
    private final Map<Thread, HttpClient> loopClients = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final ServiceToken serviceToken;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    /** Per service, by status code (or {@link #UNAVAILABLE}): built once, not per request. */
    private final Map<Downstream, Map<Integer, Timer>> timers = new EnumMap<>(Downstream.class);
    /** Per service: half of its last 20 exchanges without an answer open it for 5 s. */
    private final Map<Downstream, CircuitBreaker> breakers = new EnumMap<>(Downstream.class);

    Forwarder(Vertx vertx, GatewayConfig config, ServiceToken serviceToken, MeterRegistry metrics, Tracing tracing) {
        this.vertx = vertx;
        this.clientOptions = new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(config.maxConnections());
        this.config = config;
        this.serviceToken = serviceToken;
        this.metrics = metrics;
        this.tracing = tracing;
        for (Downstream downstream : Downstream.values()) {
            breakers.put(downstream, new CircuitBreaker(20, 0.5, Duration.ofSeconds(5)));
            timers.put(downstream, new ConcurrentHashMap<>());
        }
    }

    /** Any way an exchange can fail without an answer, as one type the breaker and the retry count. */
    private static final class Unanswered extends IOException {
        Unanswered(Throwable cause) {
            super(cause.toString(), cause);
        }

        Unanswered(String message) {
            super(message);
        }
    }

    /**
     * Sends the request without holding a thread while the service works: the answer completes
     * the returned future, or a 503 {@link ApiException} fails it. Plain Vert.x futures all the
     * way: the request's event loop runs every step, with no operator objects or context captures
     * per request.
     *
     * @param route         the table row the request matched; names the service and the timeout class
     * @param requestHeader the caller's request header of a name, or null
     * @param identity      who is calling, as headers for the service: an API key's account, tier and
     *                      environment, an operator's name, or nothing for a route without a key
     */
    public Future<Answer> forward(Route route, String method, String pathAndQuery,
            UnaryOperator<String> requestHeader, byte[] body, Map<String, String> identity) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            // A caller's mistake, not a request's: see loopClients.
            throw new IllegalStateException("A forward starts on the request's event loop");
        }
        Downstream downstream = route.downstream().orElseThrow();
        GatewayConfig.Target target = downstream.target(config);
        Duration timeout = route.timeout() == Route.TimeoutClass.LONG_RUNNING
                ? config.longRunningTimeout() : target.timeout();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(target.url() + pathAndQuery)
                .putHeader(RequestId.HEADER, RequestId.current());
        identity.forEach(options::putHeader);
        passRequestHeaders(requestHeader, options);
        Span span = tracing.start(method + " " + downstream.label(), SpanKind.CLIENT, Context.current());
        if (span.isRecording()) {
            span.setAttribute("http.request.method", method);
            // The path only: a query string may carry a tenant's data, which traces should not keep.
            span.setAttribute("url.path", URI.create(pathAndQuery).getPath());
            span.setAttribute("peer.service", downstream.label());
            tracing.inject(Context.current().with(span), options::putHeader);
        }
        String authorization = serviceToken.cachedAuthorization();
        Future<String> token = authorization != null ? Future.succeededFuture(authorization)
                : Future.fromCompletionStage(serviceToken.authorization().subscribeAsCompletionStage(),
                        vertx.getOrCreateContext());
        return token
                .onFailure(failure -> Tracing.end(span, failure))
                .compose(bearer -> send(downstream, method, pathAndQuery,
                        options.putHeader(HttpHeaders.AUTHORIZATION, bearer), body, timeout.toMillis(), span));
    }

    private Future<Answer> send(Downstream downstream, String method, String pathAndQuery, RequestOptions options,
            byte[] body, long timeoutMillis, Span span) {
        long started = System.nanoTime();
        // A read is safe to send again when no answer came.
        return attempt(downstream, options, body, timeoutMillis, "GET".equals(method) ? GET_RETRIES : 0)
                .transform(outcome -> {
                    timer(downstream, outcome.succeeded() ? outcome.result().status() : UNAVAILABLE)
                            .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (outcome.succeeded()) {
                        span.setAttribute("http.response.status_code", outcome.result().status());
                        span.end();
                        return Future.succeededFuture(outcome.result());
                    }
                    Tracing.end(span, outcome.cause());
                    LOG.warnf("%s unavailable for %s %s: %s", downstream, method, pathAndQuery, outcome.cause());
                    return Future.failedFuture(unavailable(downstream));
                });
    }

    /** Through the service's breaker; a GET that got no answer goes again after a pause, while retries are left. */
    private Future<Answer> attempt(Downstream downstream, RequestOptions options, byte[] body, long timeoutMillis,
            int retriesLeft) {
        return breakers.get(downstream).guard(() -> exchange(options, body, timeoutMillis)).recover(failure -> {
            if (retriesLeft == 0 || !(failure instanceof Unanswered)) {
                return Future.failedFuture(failure);
            }
            Promise<Answer> retried = Promise.promise();
            long pause = RETRY_DELAY_MILLIS / 2 + ThreadLocalRandom.current().nextLong(RETRY_DELAY_MILLIS + 1);
            vertx.setTimer(pause, id -> attempt(downstream, options, body, timeoutMillis, retriesLeft - 1)
                    .onComplete(retried));
            return retried.future();
        });
    }

    /**
     * One attempt: the whole answer within the timeout, or the request is reset (a late answer must
     * not be read into a closed exchange) and the attempt fails.
     */
    private Future<Answer> exchange(RequestOptions options, byte[] body, long timeoutMillis) {
        Promise<Answer> answered = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (answered.tryFail(new Unanswered("no answer within " + timeoutMillis + " ms"))) {
                reset(sent.get());
            }
        });
        client().request(options)
                .compose(request -> {
                    sent.set(request);
                    return body == null || body.length == 0 ? request.send() : request.send(Buffer.buffer(body));
                })
                .compose(response -> response.body().map(bytes ->
                        new Answer(response.statusCode(), passedHeaders(response::getHeader), bytes.getBytes())))
                .onComplete(outcome -> {
                    vertx.cancelTimer(timer);
                    if (outcome.succeeded()) {
                        answered.tryComplete(outcome.result());
                    } else if (answered.tryFail(new Unanswered(outcome.cause()))) {
                        reset(sent.get());
                    }
                });
        return answered.future();
    }

    private HttpClient client() {
        return loopClients.computeIfAbsent(Thread.currentThread(),
                loop -> vertx.createHttpClient(new HttpClientOptions(clientOptions)));
    }

    private static void reset(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }

    private Timer timer(Downstream downstream, int status) {
        return timers.get(downstream).computeIfAbsent(status, code -> Timer
                .builder("gateway_downstream_duration")
                .description("Time until a service's whole response has arrived, by service and outcome")
                .tag("service", downstream.label())
                .tag("outcome", code == UNAVAILABLE ? "unavailable" : String.valueOf(code))
                .publishPercentileHistogram()
                .register(metrics));
    }

    /** The caller's headers a service may need ({@link #PASSED_REQUEST_HEADERS}), onto the request to it. */
    static void passRequestHeaders(UnaryOperator<String> requestHeader, RequestOptions options) {
        for (String name : PASSED_REQUEST_HEADERS) {
            String value = requestHeader.apply(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
    }

    /** The response headers a caller gets from the service ({@link #PASSED_RESPONSE_HEADERS}), in that order. */
    static Map<String, String> passedHeaders(UnaryOperator<String> responseHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_RESPONSE_HEADERS) {
            String value = responseHeader.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    static ApiException unavailable(Downstream downstream) {
        return ApiException.unavailable("The " + downstream.label()
                + " service is temporarily unavailable; retry shortly", RETRY_AFTER_SECONDS);
    }

    @PreDestroy
    void close() {
        loopClients.values().forEach(HttpClient::close);
    }
}
