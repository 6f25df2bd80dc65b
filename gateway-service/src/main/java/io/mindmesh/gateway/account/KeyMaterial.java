package io.mindmesh.gateway.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys are {@code mk_live_} or {@code mk_test_} followed by 40 base62 characters from a
 * secure generator (about 238 bits). With that much entropy a fast, unsalted SHA-256 is the right
 * hash: there is nothing to brute-force, and lookups stay a single indexed read.
 */
public final class KeyMaterial {

    public static final String LIVE_PREFIX = "mk_live_";
    public static final String TEST_PREFIX = "mk_test_";

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_LENGTH = 40;
    private static final int DISPLAY_LENGTH = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    public static String newKey(String environment) {
        StringBuilder key = new StringBuilder(prefixFor(environment));
        for (int i = 0; i < SECRET_LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    public static String randomId(String prefix, int length) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(36)));
        }
        return id.toString().toLowerCase();
    }

    /** What may be shown later: the environment prefix and the first characters, e.g. {@code mk_live_a1B2…}. */
    public static String displayPrefix(String key) {
        int end = Math.min(key.length(), prefixLength(key) + DISPLAY_LENGTH);
        return key.substring(0, end);
    }

    public static boolean wellFormed(String key) {
        return key != null && prefixLength(key) > 0 && key.length() == prefixLength(key) + SECRET_LENGTH
                && key.substring(prefixLength(key)).chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    public static String environmentOf(String key) {
        return key.startsWith(TEST_PREFIX) ? "test" : "live";
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String prefixFor(String environment) {
        return "test".equals(environment) ? TEST_PREFIX : LIVE_PREFIX;
    }

    private static int prefixLength(String key) {
        return key.startsWith(LIVE_PREFIX) || key.startsWith(TEST_PREFIX) ? LIVE_PREFIX.length() : 0;
    }
}
