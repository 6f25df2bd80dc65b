package io.mindmesh.orchestrator.webhook.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.client.EventLoopExchanges;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import io.mindmesh.orchestrator.webhook.WebhookDelivery;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
import io.mindmesh.orchestrator.webhook.service.AttemptResult;
import io.mindmesh.orchestrator.webhook.service.DueDelivery;
import io.mindmesh.orchestrator.webhook.service.WebhookTargets;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes one delivery attempt. The Vert.x client is used (not {@code java.net.http}) because it can
 * connect to an address chosen here while keeping the URL's host for the Host header, SNI and
 * certificate checks: the address that passed the SSRF check is the one connected to, so a DNS
 * answer that changes between the check and the connection cannot redirect the request.
 * Redirects are not followed (they could lead anywhere) and connections are not reused.
 * Each attempt is a client span in the trace of the event it delivers, sent as {@code traceparent}.
 */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient client;
    /** Every attempt starts on one event loop, so that the answer's reader is attached as the headers arrive. */
    private final EventLoopExchanges exchanges;
    private final WebhookTargets targets;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final Tracing tracing;

    public WebhookSender(Vertx vertx, WebhookTargets targets, ObjectMapper mapper, OrchestratorConfig config,
            Tracing tracing) {
        this.tracing = tracing;
        this.targets = targets;
        this.mapper = mapper;
        this.timeout = config.webhooks().attemptTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setConnectTimeout((int) timeout.toMillis()));
        this.exchanges = new EventLoopExchanges(vertx);
    }

    public AttemptResult send(DueDelivery due) {
        WebhookDelivery d = due.delivery();
        Span span = tracing.start("POST webhook " + d.eventType, SpanKind.CLIENT, tracing.parent(d.traceparent));
        span.setAttribute("http.request.method", "POST");
        span.setAttribute("mindmesh.execution_id", d.executionId);
        span.setAttribute("mindmesh.webhook_delivery_id", d.id);
        span.setAttribute("mindmesh.webhook_attempt", due.attempt());
        AttemptResult result = attempt(due, span);
        if (result.statusCode() != null) {
            span.setAttribute("http.response.status_code", result.statusCode());
        }
        if (result.error() != null) {
            span.setAttribute("error.type", result.error());
        }
        span.end();
        return result;
    }

    private AttemptResult attempt(DueDelivery due, Span span) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        WebhookDelivery d = due.delivery();
        URI url = URI.create(d.url);
        InetAddress address;
        try {
            address = targets.address(url);
        } catch (RefusedTargetException e) {
            return new AttemptResult(started, elapsed(t0), null, e.getMessage(), e.unresolved());
        }
        WebhookMessage message = WebhookMessage.of(mapper, d, Instant.now(), due.secret());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(d.url)
                .setServer(SocketAddress.inetSocketAddress(port(url), address.getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "MindMesh-Webhooks/1")
                .putHeader(WebhookMessage.EVENT_HEADER, d.eventType)
                .putHeader(WebhookMessage.DELIVERY_HEADER, d.id)
                .putHeader(WebhookMessage.TIMESTAMP_HEADER, message.timestamp());
        if (message.signature() != null) {
            options.putHeader(WebhookMessage.SIGNATURE_HEADER, message.signature());
        }
        tracing.inject(Context.root().with(span), (name, value) -> options.putHeader(name, value));
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        try {
            int status = exchanges.start(() -> client.request(options)
                    .compose(req -> {
                        request.set(req);
                        return req.send(Buffer.buffer(message.body()));
                    })
                    .compose(response -> response.end().map(ignored -> response.statusCode())))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new AttemptResult(started, elapsed(t0), status,
                    status >= 200 && status < 300 ? null : "receiver answered HTTP " + status, true);
        } catch (TimeoutException e) {
            HttpClientRequest inFlight = request.get();
            if (inFlight != null) {
                exchanges.run(inFlight::reset);
            }
            return new AttemptResult(started, elapsed(t0), null, "no answer within " + timeout.toMillis() + " ms",
                    true);
        } catch (ExecutionException e) {
            return new AttemptResult(started, elapsed(t0), null, "connection failed: " + e.getCause(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AttemptResult(started, elapsed(t0), null, "interrupted (replica shutting down)", true);
        }
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
