package io.mindmesh.analytics.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** A plain Kafka client on the test broker, playing the orchestrator's outbox relay. */
public final class KafkaEvents implements AutoCloseable {

    public static final String TOPIC = PlatformEvent.TOPIC;
    public static final String DEAD_LETTER_TOPIC = "mindmesh.execution-events.dlq";

    private final ObjectMapper objectMapper;
    private final KafkaProducer<String, String> producer;

    public KafkaEvents(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Sends the events in order, keyed by execution id as the relay does, and waits for the broker. */
    public void send(PlatformEvent... events) {
        for (PlatformEvent event : events) {
            sendRaw(event.subject(), json(event));
        }
    }

    public void sendRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the record", e);
        }
    }

    /**
     * Sends the values under one key as one record batch of the broker (a producer that lingers
     * until the flush), so that a consumer reads them in a single poll, as it would a backlog.
     */
    public static void sendInOneBatch(String key, List<String> values) {
        try (var batching = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 60_000,
                ProducerConfig.BATCH_SIZE_CONFIG, 900_000), new StringSerializer(), new StringSerializer())) {
            values.forEach(value -> batching.send(new ProducerRecord<>(TOPIC, key, value)));
            batching.flush();
        }
    }

    /** Sends the values keyed by the matching keys (spread over the partitions), in order, in one flush. */
    public static void sendAll(List<String> values, List<String> keys) {
        try (var batching = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < values.size(); i++) {
                batching.send(new ProducerRecord<>(TOPIC, keys.get(i), values.get(i)));
            }
            batching.flush();
        }
    }

    public String json(PlatformEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the dead-letter topic with a fresh consumer group until a record matches. */
    public static ConsumerRecord<String, String> awaitDeadLetter(Predicate<ConsumerRecord<String, String>> matching) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTER_TOPIC));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                        return seen.stream().filter(matching).findFirst();
                    }, Optional::isPresent)
                    .orElseThrow();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
