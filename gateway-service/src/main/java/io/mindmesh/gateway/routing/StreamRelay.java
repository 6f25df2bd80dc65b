package io.mindmesh.gateway.routing;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.mindmesh.gateway.security.ServiceToken;
import io.smallrye.mutiny.Multi;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Relays a server-sent event stream from the service that owns it on the Vert.x event loop: the
 * service's response is a Vert.x read stream handed on chunk by chunk (with back-pressure), so an
 * open stream holds a connection and a {@link StreamLimits.Permit} but no thread. The permit is
 * released when the stream ends, whichever side ends it: the service finishing, the client going
 * away (the relay is cancelled, and the service's connection is reset so that it stops too), the
 * service failing, or {@code gateway.streams.idle-timeout} without a byte.
 */
@ApplicationScoped
public class StreamRelay {

    private static final Logger LOG = Logger.getLogger(StreamRelay.class);

    private final HttpClient client;
    private final GatewayConfig gateway;
    private final StreamConfig config;
    private final ServiceToken serviceToken;
    private final StreamLimits limits;

    StreamRelay(Vertx vertx, GatewayConfig gateway, StreamConfig config, ServiceToken serviceToken,
            StreamLimits limits) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(config.maxConnections()));
        this.gateway = gateway;
        this.config = config;
        this.serviceToken = serviceToken;
        this.limits = limits;
    }

    /** 429 at once when the key or its account has too many streams open; otherwise the relayed stream. */
    public RestMulti<byte[]> relay(Route route, String pathAndQuery, HttpHeaders requestHeaders, AuthenticatedKey key) {
        Downstream downstream = route.downstream().orElseThrow();
        GatewayConfig.Target target = downstream.target(gateway);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(target.url() + pathAndQuery)
                .setIdleTimeout(config.idleTimeout().toMillis())
                .putHeader(RequestId.HEADER, RequestId.current());
        key.identityHeaders().forEach(options::putHeader);
        Forwarder.passRequestHeaders(requestHeaders::getHeaderString, options);
        StreamLimits.Permit permit = limits.acquire(key.keyId(), key.accountId());
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        Uni<HttpClientResponse> response = serviceToken.authorization()
                .flatMap(authorization -> client.request(options.putHeader(HttpHeaders.AUTHORIZATION, authorization)))
                .flatMap(req -> {
                    request.set(req);
                    return req.send();
                })
                .ifNoItem().after(target.timeout()).fail()
                .onFailure().transform(failure -> {
                    if (failure instanceof ApiException refusal) {
                        return refusal;
                    }
                    LOG.warnf("%s unavailable for the stream %s: %s", downstream, pathAndQuery, failure.toString());
                    return Forwarder.unavailable(downstream);
                })
                .onTermination().invoke((item, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        permit.release();
                        reset(request);
                    }
                });
        return RestMulti.fromUniResponse(response,
                answer -> relayed(answer, permit, request),
                StreamRelay::headers,
                HttpClientResponse::statusCode);
    }

    private static Multi<byte[]> relayed(HttpClientResponse answer, StreamLimits.Permit permit,
            AtomicReference<HttpClientRequest> request) {
        return answer.toMulti().map(Buffer::getBytes)
                // Once the headers are out, a failure can only end the stream: end it cleanly, and the
                // client reconnects with Last-Event-ID (a reset made here, for a client gone, lands here too).
                .onFailure().invoke(failure -> LOG.debugf("Stream ended by a failure: %s", failure.toString()))
                .onFailure().recoverWithCompletion()
                .onTermination().invoke((failure, cancelled) -> {
                    permit.release();
                    if (cancelled) {
                        reset(request);
                    }
                });
    }

    private static Map<String, List<String>> headers(HttpClientResponse answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Forwarder.passedHeaders(answer::getHeader).forEach((name, value) -> headers.put(name, List.of(value)));
        String contentType = answer.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            // Proxies in front of the gateway must not buffer events either.
            headers.put("X-Accel-Buffering", List.of("no"));
        }
        return headers;
    }

    /** Closes the service's connection of a stream nobody reads any more, so the service stops streaming. */
    private static void reset(AtomicReference<HttpClientRequest> request) {
        HttpClientRequest inFlight = request.get();
        if (inFlight != null) {
            inFlight.reset();
        }
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
