package io.mindmesh.orchestrator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.tracing.Tracing;
import io.mindmesh.orchestrator.client.EventLoopExchanges;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import io.mindmesh.orchestrator.webhook.WebhookMessage;
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
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs an agent that is an HTTP endpoint (the agent protocol, see the README):
 * {@code POST endpoint} with {@code {executionId, stepId, attempt, query, instructions, context, upstream}},
 * answered by {@code 200 {output, confidence, usage: {units}}}. Timeouts, connection failures and
 * 5xx are retryable; 4xx and malformed answers are not. Answers larger than the limit are refused.
 *
 * <p>Outbound guard, as for webhooks: the endpoint's host is resolved and checked against the
 * {@link AddressPolicy} (operators allow-list internal agents), and the Vert.x client connects to
 * exactly the address that passed (keeping the URL's host for the Host header, SNI and certificate
 * checks), so a DNS answer changing after the check cannot redirect the call. The agent's time
 * limit bounds the whole exchange, connection, headers and body: an agent that sends its headers
 * and then trickles its body fails the step at the limit. Redirects are not followed.
 *
 * <p>Every call is signed the way webhooks are ({@link WebhookMessage#sign}): the body carries the
 * signing time as {@code timestamp}, and {@code X-Mindmesh-Signature: sha256=<hex>} is the
 * HMAC-SHA256 of the raw body under the agent's signing secret, so an agent can refuse calls that
 * do not come from the platform, and replays of old ones.
 *
 * <p>Each call is a client span of the step and carries it to the agent as {@code traceparent}.
 */
public class HttpAgentRuntime implements AgentRuntime {

    private static final Logger LOG = Logger.getLogger(HttpAgentRuntime.class);
    /** Concurrent connections per agent address; a call waiting for one still counts against its limit. */
    private static final int MAX_CONNECTIONS_PER_AGENT = 500;
    /** Units are stored as {@code numeric(20, 6)}: a step that used more cannot be recorded, so it fails. */
    static final BigDecimal MAX_UNITS = new BigDecimal("1e14");

    private final HttpClient client;
    /** Every call starts on one event loop, so that the size-limited reader is attached as the headers arrive. */
    private final EventLoopExchanges exchanges;
    private final ObjectMapper mapper;
    private final Duration defaultTimeout;
    private final int maxResponseBytes;
    private final AddressPolicy policy;
    private final AddressPolicy.Resolver resolver;
    private final SigningSecretSource secrets;
    private final Tracing tracing;

    public HttpAgentRuntime(Vertx vertx, ObjectMapper mapper, Duration defaultTimeout, int maxResponseBytes,
            AddressPolicy policy, AddressPolicy.Resolver resolver, SigningSecretSource secrets, Tracing tracing) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5000)
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxPoolSize(MAX_CONNECTIONS_PER_AGENT));
        this.exchanges = new EventLoopExchanges(vertx);
        this.mapper = mapper;
        this.defaultTimeout = defaultTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.policy = policy;
        this.resolver = resolver;
        this.secrets = secrets;
        this.tracing = tracing;
    }

    @Override
    public AgentResult invoke(AgentCall call) throws AgentFailure, InterruptedException {
        Span span = tracing.start("POST agent " + call.agent().name(), SpanKind.CLIENT, Context.current());
        span.setAttribute("http.request.method", "POST");
        span.setAttribute("mindmesh.agent_id", call.agent().id());
        try {
            AgentResult result = call(call, span);
            span.end();
            return result;
        } catch (AgentFailure | InterruptedException | RuntimeException e) {
            Tracing.end(span, e);
            throw e;
        }
    }

    private AgentResult call(AgentCall call, Span span) throws AgentFailure, InterruptedException {
        SelectedAgent agent = call.agent();
        URI endpoint = endpoint(agent);
        Duration limit = timeout(agent);
        long deadline = System.nanoTime() + limit.toNanos();
        InetAddress address = address(agent, endpoint);
        String secret = secret(agent);
        String timestamp = Instant.now().toString();
        byte[] body = requestBody(call, timestamp).getBytes(StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint.toString())
                .setServer(SocketAddress.inetSocketAddress(port(endpoint), address.getHostAddress()))
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader(WebhookMessage.TIMESTAMP_HEADER, timestamp)
                .putHeader(WebhookMessage.SIGNATURE_HEADER, WebhookMessage.sign(secret, body));
        tracing.inject(Context.current().with(span), options::putHeader);
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        CompletableFuture<Answer> exchange = exchanges.start(() -> client.request(options)
                .compose(req -> {
                    request.set(req);
                    return req.send(Buffer.buffer(body));
                })
                .compose(this::read));
        Answer answer;
        try {
            answer = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(request, exchange);
            throw new AgentFailure("Agent " + agent.name() + " did not answer within " + limit.toMillis() + " ms",
                    true);
        } catch (InterruptedException e) {
            abort(request, exchange);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TooLarge) {
                throw new AgentFailure("Agent " + agent.name() + " answered more than " + maxResponseBytes + " bytes",
                        false);
            }
            // The cause names the address: operators' logs only, the step's error is shown to tenants.
            LOG.infof("Agent %s could not be reached: %s", agent.name(), e.getCause());
            throw new AgentFailure("Agent " + agent.name() + " could not be reached", true);
        }
        span.setAttribute("http.response.status_code", answer.status());
        if (answer.status() >= 500) {
            throw new AgentFailure("Agent " + agent.name() + " answered HTTP " + answer.status(), true);
        }
        if (answer.status() < 200 || answer.status() >= 300) {
            throw new AgentFailure("Agent " + agent.name() + " refused the call with HTTP " + answer.status(), false);
        }
        return parse(agent, answer.body());
    }

    /** A refused address is the operator's to fix, not retried; a name that does not resolve may resolve soon. */
    private InetAddress address(SelectedAgent agent, URI endpoint) throws AgentFailure {
        try {
            return policy.address(endpoint, resolver);
        } catch (RefusedTargetException e) {
            LOG.warnf("Agent %s may not be called: %s", agent.name(), e.detail());
            throw new AgentFailure("Agent " + agent.name() + " may not be called: its endpoint's "
                    + e.getMessage(), e.unresolved());
        }
    }

    /** Without its secret the agent cannot tell the call from a forgery: not called, retried like an outage. */
    private String secret(SelectedAgent agent) throws AgentFailure {
        try {
            return secrets.secretOf(agent.id());
        } catch (RuntimeException e) {
            LOG.warnf("No signing secret for agent %s: %s", agent.name(), e.toString());
            throw new AgentFailure("Agent " + agent.name() + " was not called: its signing secret is unavailable",
                    true);
        }
    }

    /** Reads the whole answer, refusing it as soon as it passes the size limit. */
    private Future<Answer> read(HttpClientResponse response) {
        Promise<Answer> answer = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > maxResponseBytes) {
                answer.tryFail(new TooLarge());
                response.request().reset();
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(ignored -> answer.tryComplete(new Answer(response.statusCode(), received.getBytes())));
        return answer.future();
    }

    /** Closes the connection of a call given up on, so that the agent's answer stops arriving. */
    private void abort(AtomicReference<HttpClientRequest> request, CompletableFuture<Answer> exchange) {
        exchange.cancel(false);
        HttpClientRequest inFlight = request.get();
        if (inFlight != null) {
            exchanges.run(inFlight::reset);
        }
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private URI endpoint(SelectedAgent agent) throws AgentFailure {
        String endpoint = agent.runtime().endpoint();
        if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new AgentFailure("Agent " + agent.name() + " has no usable http endpoint", false);
        }
        try {
            return URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new AgentFailure("Agent " + agent.name() + " has an invalid endpoint", false);
        }
    }

    private Duration timeout(SelectedAgent agent) {
        Long millis = agent.runtime().timeoutMs();
        return millis != null && millis > 0 ? Duration.ofMillis(millis) : defaultTimeout;
    }

    private String requestBody(AgentCall call, String timestamp) {
        ObjectNode body = mapper.createObjectNode();
        body.put("timestamp", timestamp);
        body.put("executionId", call.executionId());
        body.put("stepId", call.stepId());
        body.put("attempt", call.attempt());
        body.put("query", call.query());
        body.put("instructions", call.instructions());
        body.set("context", call.context());
        ObjectNode upstream = body.putObject("upstream");
        call.upstream().forEach(upstream::set);
        return body.toString();
    }

    private AgentResult parse(SelectedAgent agent, byte[] bytes) throws AgentFailure {
        JsonNode answer;
        try {
            answer = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new AgentFailure("Agent " + agent.name() + " answered with invalid JSON", false);
        }
        if (answer == null || !answer.isObject() || !answer.has("output") || answer.get("output").isNull()) {
            throw new AgentFailure("Agent " + agent.name() + " answered without an output", false);
        }
        JsonNode reported = answer.path("confidence");
        BigDecimal confidence = reported.isNumber() ? decimal(agent, "a confidence", reported) : agent.confidence();
        if (confidence.signum() < 0 || confidence.compareTo(BigDecimal.ONE) > 0) {
            throw new AgentFailure("Agent " + agent.name() + " answered a confidence outside [0, 1]", false);
        }
        JsonNode units = answer.path("usage").path("units");
        BigDecimal used = units.isNumber() ? decimal(agent, "usage", units) : agent.pricing().typicalUnits();
        if (used.signum() < 0) {
            throw new AgentFailure("Agent " + agent.name() + " reported negative usage", false);
        }
        if (used.compareTo(MAX_UNITS) >= 0) {
            throw new AgentFailure("Agent " + agent.name() + " reported usage of " + MAX_UNITS.toPlainString()
                    + " units or more", false);
        }
        return new AgentResult(answer.get("output"), confidence, used);
    }

    private record Answer(int status, byte[] body) {
    }

    /** An answer over the size limit, refused while it arrives. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Closes the client's connections when the runtime is discarded. */
    public void close() {
        client.close();
    }

    /**
     * A JSON number as a decimal. {@code 1e400} reads as an infinite double, which has no decimal:
     * it fails the step like any other malformed answer instead of the thread that runs it.
     */
    private static BigDecimal decimal(SelectedAgent agent, String what, JsonNode number) throws AgentFailure {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue()) && !number.isBigDecimal()) {
            throw new AgentFailure("Agent " + agent.name() + " answered " + what + " that is not a finite number", false);
        }
        return number.decimalValue();
    }
}
