package io.mindmesh.orchestrator.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an agent checks that a call comes from the orchestrator (README, agent protocol), written
 * the way an agent's author would, independently of the orchestrator's code: the HMAC-SHA256 of
 * the raw body under the agent's secret must equal {@code X-Mindmesh-Signature}, and the signed
 * {@code timestamp} must be the header's and recent.
 */
public final class AgentSignatures {

    /** The signing secret every test agent has (the registry stand-ins hand it out). */
    public static final String SECRET = "mms_test-agents-signing-secret";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentSignatures() {
    }

    public static boolean valid(String secret, Headers headers, byte[] body) {
        String signature = headers.getFirst("X-Mindmesh-Signature");
        String timestamp = headers.getFirst("X-Mindmesh-Timestamp");
        if (signature == null || timestamp == null) {
            return false;
        }
        if (!MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            String signedAt = JSON.readTree(body).path("timestamp").asText();
            Instant at = Instant.parse(signedAt);
            return signedAt.equals(timestamp) && Duration.between(at, Instant.now()).abs().compareTo(TOLERANCE) < 0;
        } catch (IOException | DateTimeParseException e) {
            return false;
        }
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
