package io.mindmesh.analytics.events.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.events.service.EventIngestion;
import io.mindmesh.analytics.events.service.Outcome;
import io.mindmesh.analytics.events.service.PermanentFailures;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.request.RequestId;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes {@code mindmesh.execution-events} (group {@code analytics}). Each record ends in exactly
 * one of three outcomes: stored, duplicate (already stored) or rejected (dead-lettered). A failure
 * that is not about the record itself, such as the database being down, is rethrown: the channel's
 * {@code fail} strategy then stops consumption without committing the offset and marks the
 * service not live, so the record is read again after the restart instead of being lost.
 *
 * <p>The transaction lives in {@link EventIngestion} rather than on this method so that a record
 * the database refuses is rolled back first and can then still be dead-lettered.
 */
@ApplicationScoped
public class ExecutionEventConsumer {

    static final String CHANNEL = "execution-events";

    private static final Logger LOG = Logger.getLogger(ExecutionEventConsumer.class);

    private final EventIngestion ingestion;
    private final DeadLetterPublisher deadLetters;
    private final ConsumptionMetrics metrics;
    private final ObjectMapper objectMapper;

    public ExecutionEventConsumer(EventIngestion ingestion, DeadLetterPublisher deadLetters,
            ConsumptionMetrics metrics, ObjectMapper objectMapper) {
        this.ingestion = ingestion;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.objectMapper = objectMapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, PlatformEvent> record) {
        PlatformEvent event = record.value();
        if (event == null) {
            reject(record, ConsumptionMetrics.UNKNOWN_TYPE, unreadableValue(record), unreadableReason(record));
            return;
        }
        String type = typeTag(event);
        if (event.requestid() != null) {
            MDC.put(RequestId.MDC_KEY, event.requestid());
        }
        try {
            metrics.consumed(type, ingestion.ingest(event));
        } catch (RuntimeException e) {
            if (!PermanentFailures.isPermanent(e)) {
                throw e;
            }
            reject(record, type, serialized(event), e.getMessage());
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
    }

    private void reject(ConsumerRecord<String, PlatformEvent> record, String type, byte[] value, String reason) {
        LOG.warnf("Dead-lettering record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        deadLetters.publish(record, value, reason);
        metrics.consumed(type, Outcome.REJECTED);
    }

    /** The public event name, or {@code unknown}: the metric's tag values stay a small, fixed set. */
    private static String typeTag(PlatformEvent event) {
        try {
            return event.eventType().publicName();
        } catch (IllegalArgumentException e) {
            return ConsumptionMetrics.UNKNOWN_TYPE;
        }
    }

    /** The deserializer wrapper keeps the original bytes of a value it could not read in a header. */
    private static byte[] unreadableValue(ConsumerRecord<String, PlatformEvent> record) {
        Header data = record.headers().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA);
        return data == null ? null : data.value();
    }

    private static String unreadableReason(ConsumerRecord<String, PlatformEvent> record) {
        Header reason = record.headers().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON);
        return reason == null
                ? "Record has no value"
                : "Value is not a CloudEvents JSON event: " + new String(reason.value(), StandardCharsets.UTF_8);
    }

    /** A parsed event that breaks the contract is parked as the JSON it was read as. */
    private byte[] serialized(PlatformEvent event) {
        try {
            return objectMapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed event always serializes", e);
        }
    }
}
