package io.mindmesh.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** A stored traceparent continues the trace it was taken from; with tracing off there is nothing to store. */
class TracingTest {

    private final Tracing tracing = new Tracing(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());

    @Test
    void aStoredTraceparentIsContinuedLaterAsTheParentOfNewSpans() {
        Span request = tracing.start("request", SpanKind.SERVER, Context.root());
        String stored;
        try (Scope scope = request.makeCurrent()) {
            stored = tracing.currentTraceparent();
        }
        request.end();

        Span later = tracing.start("execution run", SpanKind.INTERNAL, tracing.parent(stored));
        SpanContext parent = request.getSpanContext();
        assertEquals("00-" + parent.getTraceId() + "-" + parent.getSpanId() + "-01", stored);
        assertEquals(parent.getTraceId(), later.getSpanContext().getTraceId());
        assertFalse(parent.getSpanId().equals(later.getSpanContext().getSpanId()));
        later.end();
    }

    @Test
    void headersCarryTheTraceAcrossAMessage() {
        Span producer = tracing.start("publish", SpanKind.PRODUCER, Context.root());
        Map<String, String> headers = new HashMap<>();
        tracing.inject(Context.root().with(producer), headers::put);

        Span consumer = tracing.start("process", SpanKind.CONSUMER, tracing.parent(headers));
        assertEquals(producer.getSpanContext().getTraceId(), consumer.getSpanContext().getTraceId());
        producer.end();
        consumer.end();
    }

    @Test
    void withoutATraceThereIsNoTraceparentAndNothingToContinue() {
        assertNull(tracing.currentTraceparent());
        assertEquals(Context.root(), tracing.parent((String) null));
        Tracing off = new Tracing(OpenTelemetry.noop());
        Span span = off.start("anything", SpanKind.INTERNAL, Context.root());
        try (Scope scope = span.makeCurrent()) {
            assertNull(off.currentTraceparent());
        }
    }

    @Test
    void anActivatedSpanShowsItsIdsInTheLogLinesOfItsThreadUntilClosed() {
        Span span = tracing.start("step", SpanKind.INTERNAL, Context.root());
        try (Scope scope = Tracing.activate(span)) {
            assertEquals(span.getSpanContext().getTraceId(), MDC.get(Tracing.TRACE_ID_MDC));
            assertEquals(span.getSpanContext().getSpanId(), MDC.get(Tracing.SPAN_ID_MDC));
        }
        assertNull(MDC.get(Tracing.TRACE_ID_MDC));
        span.end();
    }
}
