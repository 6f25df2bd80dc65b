package io.mindmesh.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jboss.logging.MDC;

/**
 * The one place where MindMesh code touches W3C trace context by hand: the calls Quarkus does not
 * instrument (the gateway's proxy client, agent and webhook calls, the outbox's Kafka producer, the
 * analytics consumer's batches) and the work that continues a request's trace later, on another
 * thread or another replica, from a {@code traceparent} stored with it (an execution, an outbox row,
 * a webhook delivery). With tracing off nothing is recorded and every {@code traceparent} is null.
 */
@ApplicationScoped
public class Tracing {

    public static final String TRACEPARENT = "traceparent";
    /** The span attribute carrying the request id that error envelopes and logs show. */
    public static final String REQUEST_ID_ATTRIBUTE = "mindmesh.request_id";
    /** MDC keys of Quarkus' own request logging, so that background lines look like request lines. */
    static final String TRACE_ID_MDC = "traceId";
    static final String SPAN_ID_MDC = "spanId";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public Tracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.mindmesh");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The current span as a {@code traceparent} value to store, or null when nothing is being traced. */
    public String currentTraceparent() {
        return traceparent(Context.current());
    }

    public String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored {@code traceparent} continues; the root context when there is none. */
    public Context parent(String traceparent) {
        return traceparent == null || traceparent.isBlank()
                ? Context.root()
                : propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /** The parent carried by message headers (a Kafka record's), header name to value. */
    public Context parent(Map<String, String> headers) {
        return propagator.extract(Context.root(), headers, MAP);
    }

    /** Writes the trace context of {@code context} as headers (traceparent, and baggage when any). */
    public void inject(Context context, BiConsumer<String, String> header) {
        propagator.inject(context, header, BiConsumer::accept);
    }

    /** Starts a span under {@code parent}; the caller ends it. */
    public Span start(String name, SpanKind kind, Context parent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /**
     * Makes {@code span} current on this thread and shows its ids in this thread's log lines until
     * the returned scope closes (Quarkus does this itself only for request threads).
     */
    public static Scope activate(Span span) {
        Scope scope = span.makeCurrent();
        SpanContext ids = span.getSpanContext();
        if (!ids.isValid()) {
            return scope;
        }
        Object previousTrace = MDC.get(TRACE_ID_MDC);
        Object previousSpan = MDC.get(SPAN_ID_MDC);
        MDC.put(TRACE_ID_MDC, ids.getTraceId());
        MDC.put(SPAN_ID_MDC, ids.getSpanId());
        return () -> {
            restore(TRACE_ID_MDC, previousTrace);
            restore(SPAN_ID_MDC, previousSpan);
            scope.close();
        };
    }

    /** Runs {@code work} with {@code span} current ({@link #activate}), then ends the span. */
    public static void within(Span span, Runnable work) {
        try (Scope scope = activate(span)) {
            work.run();
        } catch (RuntimeException | Error e) {
            end(span, e);
            throw e;
        }
        span.end();
    }

    /** Ends {@code span}, marked as an error when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
