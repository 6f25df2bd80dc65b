package io.mindmesh.orchestrator.outbox.messaging;

import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain idempotent Kafka producer ({@code acks=all}, configured from every {@code kafka.*}
 * property: {@link ProducerSettings}), keyed by execution id so that one execution's events share
 * a partition and keep their order. Each record is a producer span under the trace its outbox row
 * was written in, and carries that span as its {@code traceparent} header for the consumers.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, String> producer;
    private final Tracing tracing;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, Tracing tracing) {
        this.tracing = tracing;
        this.producer = new KafkaProducer<>(ProducerSettings.from(kafka), new StringSerializer(),
                new StringSerializer());
    }

    /** @param traceparent the trace the event belongs to, or null */
    public Future<RecordMetadata> send(String executionId, String cloudEventJson, String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(PlatformEvent.TOPIC, executionId, cloudEventJson);
        Span span = tracing.start(PlatformEvent.TOPIC + " publish", SpanKind.PRODUCER, tracing.parent(traceparent));
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", PlatformEvent.TOPIC);
        span.setAttribute("messaging.kafka.message.key", executionId);
        tracing.inject(Context.root().with(span),
                (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer.send(record, (metadata, failure) -> Tracing.end(span, failure));
        } catch (RuntimeException e) {
            Tracing.end(span, e);
            throw e;
        }
    }

    /** Sends every record handed over so far without waiting for the linger, and returns once each has an answer. */
    public void flush() {
        producer.flush();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
