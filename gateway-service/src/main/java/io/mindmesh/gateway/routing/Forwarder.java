package io.mindmesh.gateway.routing;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.gateway.auth.AuthenticatedKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends an authenticated public request to the service that owns it, with the caller's identity
 * in headers, and relays the answer. The API key itself never leaves the gateway. A service that
 * is down or too slow becomes 503 SERVICE_UNAVAILABLE with {@code Retry-After}.
 */
@ApplicationScoped
public class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    /** Request headers a service may need besides identity; everything else stays at the gateway. */
    private static final List<String> PASSED_REQUEST_HEADERS = List.of("Content-Type", "Accept", "Last-Event-ID");
    private static final List<String> PASSED_RESPONSE_HEADERS = List.of("Content-Type", "Retry-After", "Location",
            "Cache-Control");
    private static final int RETRY_AFTER_SECONDS = 5;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final GatewayConfig config;
    private final MeterRegistry metrics;

    Forwarder(GatewayConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public Response forward(Downstream downstream, String method, String pathAndQuery,
            Map<String, String> requestHeaders, byte[] body, AuthenticatedKey caller) {
        GatewayConfig.Target target = downstream.target(config);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + pathAndQuery))
                .timeout(target.timeout())
                .method(method, body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestId.HEADER, RequestId.current())
                .header(Caller.ACCOUNT_HEADER, caller.accountId())
                .header(Caller.TIER_HEADER, caller.tier())
                .header(Caller.ENVIRONMENT_HEADER, caller.environment());
        PASSED_REQUEST_HEADERS.forEach(name -> {
            String value = requestHeaders.get(name);
            if (value != null) {
                request.header(name, value);
            }
        });
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            outcome = String.valueOf(response.statusCode());
            Response.ResponseBuilder relayed = Response.status(response.statusCode()).entity(response.body());
            PASSED_RESPONSE_HEADERS.forEach(name -> response.headers().firstValue(name)
                    .ifPresent(value -> relayed.header(name, value)));
            return relayed.build();
        } catch (IOException e) {
            LOG.warnf("%s unavailable for %s %s: %s", downstream, method, pathAndQuery, e.toString());
            throw unavailable(downstream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(downstream);
        } finally {
            sample.stop(metrics.timer("gateway_downstream_duration", "service", downstream.name().toLowerCase(),
                    "outcome", outcome));
        }
    }

    private static ApiException unavailable(Downstream downstream) {
        return ApiException.unavailable("The " + downstream.name().toLowerCase()
                + " service is temporarily unavailable; retry shortly", RETRY_AFTER_SECONDS);
    }
}
