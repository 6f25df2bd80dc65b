package io.mindmesh.orchestrator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The body and signature of one attempt. The body is the public webhook payload
 * {@code {event, executionId, timestamp, data}} (docs/public-api.md#webhooks) plus {@code id} (the
 * event id, for deduplication) and {@code occurredAt}; {@code timestamp} is the signing time, so
 * that it sits inside the signed bytes and a receiver can refuse replays. Two signatures, both
 * {@code sha256=} + hex HMAC-SHA256 with the subscription's secret, both checked by the documented
 * {@code verify_webhook}:
 * <ul>
 * <li>the {@code X-Mindmesh-Signature} header signs the raw body as received;</li>
 * <li>the body's own {@code signature} member (the documented payload shows one) signs the body
 * without it: it is written last, so the signed text is the received body with
 * {@code ,"signature":"sha256=…"} taken out (a signature cannot sit inside the bytes it signs).</li>
 * </ul>
 */
public record WebhookMessage(byte[] body, String timestamp, String signature) {

    public static final String SIGNATURE_HEADER = "X-Mindmesh-Signature";
    public static final String TIMESTAMP_HEADER = "X-Mindmesh-Timestamp";
    public static final String EVENT_HEADER = "X-Mindmesh-Event";
    public static final String DELIVERY_HEADER = "X-Mindmesh-Delivery";

    /**
     * The event types of an app run's posts: the callback (the result body a synchronous caller
     * would have received) and the progress posts. Their body is the stored data itself, not an
     * event envelope; it is signed the same way.
     */
    public static final String RUN_RESULT_EVENT = "run.result";
    public static final String RUN_PROGRESS_EVENT = "run.progress";

    /** {@code secret} may be null (the subscription has none): the message is then unsigned. */
    public static WebhookMessage of(ObjectMapper mapper, WebhookDelivery delivery, Instant signedAt, String secret) {
        String timestamp = signedAt.toString();
        if (RUN_RESULT_EVENT.equals(delivery.eventType) || RUN_PROGRESS_EVENT.equals(delivery.eventType)) {
            byte[] bytes = read(mapper, delivery.data).toString().getBytes(StandardCharsets.UTF_8);
            return new WebhookMessage(bytes, timestamp, secret == null ? null : sign(secret, bytes));
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("id", delivery.eventId.toString());
        body.put("event", delivery.eventType);
        body.put("executionId", delivery.executionId);
        body.put("timestamp", timestamp);
        body.put("occurredAt", delivery.occurredAt.toString());
        body.set("data", read(mapper, delivery.data));
        if (secret == null) {
            return new WebhookMessage(body.toString().getBytes(StandardCharsets.UTF_8), timestamp, null);
        }
        body.put("signature", sign(secret, body.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return new WebhookMessage(bytes, timestamp, sign(secret, bytes));
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored webhook data is not JSON", e);
        }
    }
}
