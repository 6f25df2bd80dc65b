package io.mindmesh.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The one definition of the event contract, shared by the orchestrator (producer) and every
 * consumer: a CloudEvents 1.0 event in structured JSON mode. Kafka messages are keyed by the
 * execution id ({@link #subject}) so that one execution's events stay in order.
 *
 * @param id          unique event id; consumers deduplicate on it
 * @param source      {@code /orchestrator}
 * @param type        {@code io.mindmesh.execution.started}, see {@link EventType}
 * @param subject     the execution id
 * @param accountid   extension attribute: the tenant that owns the execution
 * @param environment extension attribute: {@code live} or {@code test}
 * @param requestid   extension attribute: the request that caused the execution
 * @param sequence    extension attribute: position of the event within its execution, from 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String accountid,
        String environment,
        String requestid,
        long sequence,
        ExecutionEventData data) {

    public static final String TOPIC = "mindmesh.execution-events";
    public static final String SPEC_VERSION = "1.0";

    public static PlatformEvent of(String id, EventType type, String executionId, Instant time, String accountId,
            String environment, String requestId, long sequence, ExecutionEventData data) {
        return new PlatformEvent(SPEC_VERSION, id, "/orchestrator", type.cloudEventType(), executionId, time,
                "application/json", accountId, environment, requestId, sequence, data);
    }

    public EventType eventType() {
        return EventType.fromCloudEventType(type);
    }
}
