package io.mindmesh.analytics.events.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.events.service.EventIngestion;
import io.mindmesh.analytics.events.service.IngestionResult;
import io.mindmesh.analytics.events.service.Outcome;
import io.mindmesh.analytics.events.service.PermanentFailures;
import io.mindmesh.common.events.PlatformEvent;
import io.mindmesh.common.request.RequestId;
import io.mindmesh.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes {@code mindmesh.execution-events} (group {@code analytics}) a poll at a time: the
 * records of one poll are stored in one transaction with one insert, and the connector commits
 * their offsets only once this method has returned. Each record ends in exactly one of three
 * outcomes: stored, duplicate (already stored) or rejected (dead-lettered). A failure that is not
 * about a record, such as the database being down, is rethrown: the channel's {@code fail}
 * strategy then stops consumption without committing the offsets and marks the service not live,
 * so the poll is read again after the restart instead of being lost.
 *
 * <p>The transaction lives in {@link EventIngestion} rather than on this method so that a batch the
 * database refuses because of one record is rolled back first and can then be stored record by
 * record, each in its own transaction, dead-lettering only the record that is refused again.
 *
 * <p>Each record continues the trace its {@code traceparent} header carries (the orchestrator's
 * producer span) with a consumer span of its own, ended once the record's outcome is known.
 */
@ApplicationScoped
public class ExecutionEventConsumer {

    static final String CHANNEL = "execution-events";

    private static final Logger LOG = Logger.getLogger(ExecutionEventConsumer.class);

    private final EventIngestion ingestion;
    private final DeadLetterPublisher deadLetters;
    private final ConsumptionMetrics metrics;
    private final ObjectMapper objectMapper;
    private final Tracing tracing;

    public ExecutionEventConsumer(EventIngestion ingestion, DeadLetterPublisher deadLetters,
            ConsumptionMetrics metrics, ObjectMapper objectMapper, Tracing tracing) {
        this.tracing = tracing;
        this.ingestion = ingestion;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.objectMapper = objectMapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, PlatformEvent> records) {
        Map<ConsumerRecord<String, PlatformEvent>, Span> spans = new HashMap<>();
        for (ConsumerRecord<String, PlatformEvent> record : records) {
            spans.put(record, span(record));
        }
        RuntimeException failure = null;
        try {
            consume(records, spans);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            for (Span span : spans.values()) {
                Tracing.end(span, failure);
            }
        }
    }

    private Span span(ConsumerRecord<String, PlatformEvent> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        Span span = tracing.start(record.topic() + " process", SpanKind.CONSUMER, tracing.parent(headers));
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", record.topic());
        span.setAttribute("messaging.kafka.message.offset", record.offset());
        span.setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()));
        if (record.value() != null) {
            span.setAttribute("messaging.message.id", String.valueOf(record.value().id()));
            if (record.value().requestid() != null) {
                span.setAttribute(Tracing.REQUEST_ID_ATTRIBUTE, record.value().requestid());
            }
        }
        return span;
    }

    private void consume(ConsumerRecords<String, PlatformEvent> records,
            Map<ConsumerRecord<String, PlatformEvent>, Span> spans) {
        List<ConsumerRecord<String, PlatformEvent>> readable = new ArrayList<>(records.count());
        for (ConsumerRecord<String, PlatformEvent> record : records) {
            if (record.value() == null) {
                reject(record, ConsumptionMetrics.UNKNOWN_TYPE, unreadableValue(record), unreadableReason(record));
            } else {
                readable.add(record);
            }
        }
        if (readable.isEmpty()) {
            return;
        }
        List<IngestionResult> results;
        try {
            results = ingestion.ingestAll(readable.stream().map(ConsumerRecord::value).toList());
        } catch (RuntimeException e) {
            if (!PermanentFailures.isPermanent(e)) {
                throw e;
            }
            LOG.infof("The database refused a batch of %d events (%s); storing them one by one",
                    readable.size(), e.getMessage());
            results = readable.stream().map(this::ingestAlone).toList();
        }
        for (int i = 0; i < readable.size(); i++) {
            ConsumerRecord<String, PlatformEvent> record = readable.get(i);
            IngestionResult result = results.get(i);
            String type = typeTag(record.value());
            spans.get(record).setAttribute("mindmesh.outcome", result.outcome().name().toLowerCase());
            if (result.outcome() == Outcome.REJECTED) {
                reject(record, type, serialized(record.value()), result.reason());
            } else {
                metrics.consumed(type, result.outcome());
            }
        }
    }

    /** One record in its own transaction, after its batch was refused: only a refused record is rejected. */
    private IngestionResult ingestAlone(ConsumerRecord<String, PlatformEvent> record) {
        try {
            return IngestionResult.of(ingestion.ingest(record.value()));
        } catch (RuntimeException e) {
            if (!PermanentFailures.isPermanent(e)) {
                throw e;
            }
            return IngestionResult.rejected(e.getMessage());
        }
    }

    private void reject(ConsumerRecord<String, PlatformEvent> record, String type, byte[] value, String reason) {
        PlatformEvent event = record.value();
        if (event != null && event.requestid() != null) {
            MDC.put(RequestId.MDC_KEY, event.requestid());
        }
        try {
            LOG.warnf("Dead-lettering record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    reason);
            deadLetters.publish(record, value, reason);
            metrics.consumed(type, Outcome.REJECTED);
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
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
