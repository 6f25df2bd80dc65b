package io.mindmesh.analytics.events.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Parks records that can never be stored on {@code mindmesh.execution-events.dlq}, with the same
 * key and headers that say why and where they came from, so that an operator can inspect and
 * replay them.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    static final String CHANNEL = "execution-events-dlq";
    static final String REASON_HEADER = "dead-letter-reason";
    static final String TOPIC_HEADER = "dead-letter-topic";
    static final String PARTITION_HEADER = "dead-letter-partition";
    static final String OFFSET_HEADER = "dead-letter-offset";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Returns once the broker has the record: only then may the original offset be committed. */
    public void publish(ConsumerRecord<String, ?> origin, byte[] value, String reason) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(origin.key())
                .withHeaders(List.of(
                        header(REASON_HEADER, reason),
                        header(TOPIC_HEADER, origin.topic()),
                        header(PARTITION_HEADER, Integer.toString(origin.partition())),
                        header(OFFSET_HEADER, Long.toString(origin.offset()))))
                .build();
        emitter.sendMessageAndAwait(Message.of(value == null ? new byte[0] : value).addMetadata(metadata));
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
