package io.mindmesh.orchestrator.execution;

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
