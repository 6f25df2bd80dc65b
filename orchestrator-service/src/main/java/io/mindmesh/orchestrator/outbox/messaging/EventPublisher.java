package io.mindmesh.orchestrator.outbox.messaging;

import io.mindmesh.common.events.PlatformEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain idempotent Kafka producer ({@code acks=all}, configured from every {@code kafka.*}
 * property: {@link ProducerSettings}), keyed by execution id so that one execution's events share
 * a partition and keep their order.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, String> producer;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.producer = new KafkaProducer<>(ProducerSettings.from(kafka), new StringSerializer(),
                new StringSerializer());
    }

    public Future<RecordMetadata> send(String executionId, String cloudEventJson) {
        return producer.send(new ProducerRecord<>(PlatformEvent.TOPIC, executionId, cloudEventJson));
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
