package io.mindmesh.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.gateway.idempotency.Idempotency;
import io.mindmesh.gateway.security.ServiceToken;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sends an authenticated public request to the service that owns it, with the caller's identity
 * in headers, and relays the answer. The API key itself never leaves the gateway: the service sees
 * the gateway's own service token in {@code Authorization} instead.
 *
 * <p>Each service has its own circuit breaker, opened by connection failures and timeouts, so a
 * dead service answers 503 at once instead of tying up threads; only GETs are retried, because
 * they change nothing. No thread waits for a service: a synchronous run may take minutes
 * ({@link Route.TimeoutClass}). Server-sent event streams are {@link StreamRelay}'s.
 *
 * <p>This client is not instrumented by Quarkus, so each call is a client span of its own, child
 * of the request's server span, and carries it to the service as {@code traceparent}.
 */
@ApplicationScoped
public class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    private static final TypeLiteral<CompletionStage<HttpResponse<Object>>> RESPONSE = new TypeLiteral<>() {
    };
    /** Request headers a service may need besides identity; everything else stays at the gateway. */
    static final List<String> PASSED_REQUEST_HEADERS = List.of("Content-Type", "Accept", "Last-Event-ID",
            Idempotency.HEADER);
    static final List<String> PASSED_RESPONSE_HEADERS = List.of("Content-Type", "Retry-After", "Location",
            "Cache-Control");
    private static final int RETRY_AFTER_SECONDS = 5;
    /** A whole body as bytes; server-sent event streams go through {@link StreamRelay} instead. */
    private static final HttpResponse.BodyHandler<Object> BODY = info ->
            HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), bytes -> bytes);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final GatewayConfig config;
    private final ServiceToken serviceToken;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Downstream, TypedGuard<CompletionStage<HttpResponse<Object>>>> breakers =
            new EnumMap<>(Downstream.class);
    private final TypedGuard<CompletionStage<HttpResponse<Object>>> readRetry = TypedGuard.create(RESPONSE)
            .withRetry().maxRetries(2).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
            .retryOn(IOException.class).done()
            .build();

    Forwarder(GatewayConfig config, ServiceToken serviceToken, MeterRegistry metrics, Tracing tracing) {
        this.config = config;
        this.serviceToken = serviceToken;
        this.metrics = metrics;
        this.tracing = tracing;
        for (Downstream downstream : Downstream.values()) {
            breakers.put(downstream, TypedGuard.create(RESPONSE)
                    .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.5).delay(5, ChronoUnit.SECONDS)
                    .failOn(IOException.class).done()
                    .build());
        }
    }

    /**
     * Sends the request without holding a thread while the service works: the answer completes
     * the returned stage, or a 503 {@link ApiException} fails it.
     *
     * @param route    the table row the request matched; names the service and the timeout class
     * @param identity who is calling, as headers for the service: an API key's account, tier and
     *                 environment, an operator's name, or nothing for a route without a key
     */
    public Uni<Response> forward(Route route, String method, String pathAndQuery, HttpHeaders requestHeaders,
            byte[] body, Map<String, String> identity) {
        Downstream downstream = route.downstream().orElseThrow();
        GatewayConfig.Target target = downstream.target(config);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + pathAndQuery))
                .timeout(route.timeout() == Route.TimeoutClass.LONG_RUNNING
                        ? config.longRunningTimeout() : target.timeout())
                .method(method, body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestId.HEADER, RequestId.current());
        identity.forEach(request::header);
        PASSED_REQUEST_HEADERS.forEach(name -> {
            String value = requestHeaders.getHeaderString(name);
            if (value != null) {
                request.header(name, value);
            }
        });
        Span span = tracing.start(method + " " + downstream.name().toLowerCase(), SpanKind.CLIENT, Context.current());
        span.setAttribute("http.request.method", method);
        // The path only: a query string may carry a tenant's data, which traces should not keep.
        span.setAttribute("url.path", URI.create(pathAndQuery).getPath());
        span.setAttribute("peer.service", downstream.name().toLowerCase());
        tracing.inject(Context.current().with(span), request::header);
        return serviceToken.authorization()
                .onFailure().invoke(failure -> Tracing.end(span, failure))
                .flatMap(authorization -> Uni.createFrom().completionStage(send(downstream, method, pathAndQuery,
                        request.header(HttpHeaders.AUTHORIZATION, authorization).build(), span)));
    }

    private CompletionStage<Response> send(Downstream downstream, String method, String pathAndQuery,
            HttpRequest request, Span span) {
        Supplier<CompletionStage<HttpResponse<Object>>> send = breakers.get(downstream)
                .adaptSupplier(() -> http.sendAsync(request, BODY));
        Timer.Sample sample = Timer.start(metrics);
        CompletableFuture<Response> relayed = new CompletableFuture<>();
        ("GET".equals(method) ? readRetry.get(send) : send.get()).whenComplete((response, failure) -> {
            sample.stop(timer(downstream, failure == null ? String.valueOf(response.statusCode()) : "unavailable"));
            if (failure == null) {
                span.setAttribute("http.response.status_code", response.statusCode());
                span.end();
                relayed.complete(relay(response));
            } else {
                Tracing.end(span, failure);
                LOG.warnf("%s unavailable for %s %s: %s", downstream, method, pathAndQuery, failure.toString());
                relayed.completeExceptionally(unavailable(downstream));
            }
        });
        return relayed;
    }

    /** Built once per service and outcome (a status code or {@code unavailable}), not per request. */
    private Timer timer(Downstream downstream, String outcome) {
        return timers.computeIfAbsent(downstream.name().toLowerCase() + " " + outcome, key -> Timer
                .builder("gateway_downstream_duration")
                .description("Time until a service's response headers arrive, by service and outcome")
                .tag("service", downstream.name().toLowerCase()).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(metrics));
    }

    private static Response relay(HttpResponse<Object> response) {
        Response.ResponseBuilder relayed = Response.status(response.statusCode()).entity(response.body());
        PASSED_RESPONSE_HEADERS.forEach(name -> response.headers().firstValue(name)
                .ifPresent(value -> relayed.header(name, value)));
        return relayed.build();
    }

    static ApiException unavailable(Downstream downstream) {
        return ApiException.unavailable("The " + downstream.name().toLowerCase()
                + " service is temporarily unavailable; retry shortly", RETRY_AFTER_SECONDS);
    }
}
