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
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
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

    private final HttpClient client;
    private final GatewayConfig config;
    private final ServiceToken serviceToken;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** Per service: half of its last 20 exchanges without an answer open it for 5 s. */
    private final Map<Downstream, CircuitBreaker> breakers = new EnumMap<>(Downstream.class);

    Forwarder(Vertx vertx, GatewayConfig config, ServiceToken serviceToken, MeterRegistry metrics, Tracing tracing) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(config.maxConnections()));
        this.config = config;
        this.serviceToken = serviceToken;
        this.metrics = metrics;
        this.tracing = tracing;
        for (Downstream downstream : Downstream.values()) {
            breakers.put(downstream, new CircuitBreaker(20, 0.5, Duration.ofSeconds(5)));
        }
    }

    /** Any way an exchange can fail without an answer, as one type the breaker and the retry count. */
    private static final class Unanswered extends IOException {
        Unanswered(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * Sends the request without holding a thread while the service works: the answer completes
     * the returned item, or a 503 {@link ApiException} fails it.
     *
     * @param route         the table row the request matched; names the service and the timeout class
     * @param requestHeader the caller's request header of a name, or null
     * @param identity      who is calling, as headers for the service: an API key's account, tier and
     *                      environment, an operator's name, or nothing for a route without a key
     */
    public Uni<Answer> forward(Route route, String method, String pathAndQuery, UnaryOperator<String> requestHeader,
            byte[] body, Map<String, String> identity) {
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
        Span span = tracing.start(method + " " + downstream.name().toLowerCase(), SpanKind.CLIENT, Context.current());
        span.setAttribute("http.request.method", method);
        // The path only: a query string may carry a tenant's data, which traces should not keep.
        span.setAttribute("url.path", URI.create(pathAndQuery).getPath());
        span.setAttribute("peer.service", downstream.name().toLowerCase());
        tracing.inject(Context.current().with(span), options::putHeader);
        return serviceToken.authorization()
                .onFailure().invoke(failure -> Tracing.end(span, failure))
                .flatMap(authorization -> send(downstream, method, pathAndQuery,
                        options.putHeader(HttpHeaders.AUTHORIZATION, authorization), body, timeout, span));
    }

    private Uni<Answer> send(Downstream downstream, String method, String pathAndQuery, RequestOptions options,
            byte[] body, Duration timeout, Span span) {
        Uni<Answer> attempt = breakers.get(downstream).call(() -> exchange(options, body, timeout));
        if ("GET".equals(method)) {
            // A read is safe to send again when no answer came: twice more, about 100 ms apart.
            attempt = attempt.onFailure(Unanswered.class).retry()
                    .withBackOff(Duration.ofMillis(100), Duration.ofMillis(100)).withJitter(0.5).atMost(2);
        }
        Timer.Sample sample = Timer.start(metrics);
        return attempt
                .onItemOrFailure().invoke((answer, failure) -> {
                    sample.stop(timer(downstream, failure == null ? String.valueOf(answer.status()) : "unavailable"));
                    if (failure == null) {
                        span.setAttribute("http.response.status_code", answer.status());
                        span.end();
                    } else {
                        Tracing.end(span, failure);
                        LOG.warnf("%s unavailable for %s %s: %s", downstream, method, pathAndQuery, failure.toString());
                    }
                })
                .onFailure().transform(failure -> unavailable(downstream));
    }

    /** One attempt: the whole answer within {@code timeout}, or the request is reset and the attempt fails. */
    private Uni<Answer> exchange(RequestOptions options, byte[] body, Duration timeout) {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        return client.request(options)
                .flatMap(request -> {
                    sent.set(request);
                    return body == null || body.length == 0 ? request.send() : request.send(Buffer.buffer(body));
                })
                .flatMap(response -> response.body().map(bytes ->
                        new Answer(response.statusCode(), passedHeaders(response), bytes.getBytes())))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(failure -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset(); // a late answer must not be read into a closed exchange
                    }
                    return new Unanswered(failure);
                });
    }

    /** Built once per service and outcome (a status code or {@code unavailable}), not per request. */
    private Timer timer(Downstream downstream, String outcome) {
        return timers.computeIfAbsent(downstream.name().toLowerCase() + " " + outcome, key -> Timer
                .builder("gateway_downstream_duration")
                .description("Time until a service's whole response has arrived, by service and outcome")
                .tag("service", downstream.name().toLowerCase()).tag("outcome", outcome)
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
    static Map<String, String> passedHeaders(HttpClientResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        PASSED_RESPONSE_HEADERS.forEach(name -> {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        });
        return headers;
    }

    static ApiException unavailable(Downstream downstream) {
        return ApiException.unavailable("The " + downstream.name().toLowerCase()
                + " service is temporarily unavailable; retry shortly", RETRY_AFTER_SECONDS);
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
