package io.mindmesh.orchestrator.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Public identifiers: a prefix and 16 lowercase alphanumerics, as the documented example shows
 * ({@code exec_1a2b3c4d5e6f7g8h}, docs/public-api.md#orchestrate-response).
 */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String execution() {
        return "exec_" + random16();
    }

    /**
     * The execution id of a submission carrying an idempotency key: derived from the caller's account,
     * environment and key, so that a retried submission finds (and holds money under) the same id as
     * the first, however far the first got.
     */
    public static String execution(String accountId, String environment, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (accountId + "\n" + environment + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            char[] chars = new char[16];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
            }
            return "exec_" + new String(chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String step() {
        return "step_" + random16();
    }

    public static String webhookDelivery() {
        return "whd_" + random16();
    }

    private static String random16() {
        char[] chars = new char[16];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
