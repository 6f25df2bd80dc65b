package io.mindmesh.analytics.custom;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /v1/events}. Ids and names are printable text (no control characters,
 * which PostgreSQL text cannot always hold and logs should never carry). Messages complete a
 * sentence that starts with the field name, which the error mapper puts in front.
 *
 * @param executionId the execution (the analytics API's {@code sessionId}) the event belongs to, if any
 * @param payload     any JSON object, at most {@link #MAX_PAYLOAD_BYTES} bytes serialized
 * @param eventId     the client's idempotency id; generated when absent
 * @param timestamp   ISO 8601, when the event happened; now when absent
 */
public record CustomEventRequest(
        @NotBlank(message = "is required")
        @Size(max = MAX_TEXT, message = TEXT_LENGTH)
        @Pattern(regexp = NO_CONTROL, message = "must not contain control characters")
        String eventName,
        @Size(max = MAX_TEXT, message = TEXT_LENGTH) @Pattern(regexp = PRINTABLE, message = NOT_BLANK_TEXT)
        String executionId,
        @Size(max = MAX_TEXT, message = TEXT_LENGTH) @Pattern(regexp = PRINTABLE, message = NOT_BLANK_TEXT)
        String agentId,
        @NotNull(message = "is required and must be a JSON object") JsonNode payload,
        @Size(max = MAX_TEXT, message = TEXT_LENGTH) @Pattern(regexp = PRINTABLE, message = NOT_BLANK_TEXT)
        String eventId,
        String timestamp) {

    public static final int MAX_TEXT = 128;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final String TEXT_LENGTH = "must be at most 128 characters long";
    private static final String NOT_BLANK_TEXT = "must not be blank or contain control characters";
    /** At least one visible character, and no control characters anywhere. */
    private static final String PRINTABLE = "^(?=.*\\S)\\P{Cntrl}*$";
    private static final String NO_CONTROL = "^\\P{Cntrl}*$";
}
