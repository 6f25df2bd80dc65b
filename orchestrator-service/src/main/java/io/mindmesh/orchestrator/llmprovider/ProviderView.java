package io.mindmesh.orchestrator.llmprovider;

import java.time.Instant;

/**
 * A provider as the admin API shows it: never its API key, only whether one is set and, for a key of
 * at least {@value #MIN_KEY_FOR_HINT} characters, its last 4 (so an operator can tell which key is in
 * use without the key being readable from the API; a shorter key shows no hint).
 *
 * @param createdAt null for a configured provider, as is {@code updatedAt}
 */
public record ProviderView(String name, ProviderSource source, String baseUrl, boolean apiKeySet, String apiKeyLast4,
        int timeoutMs, int maxRetries, String allowedHost, Instant createdAt, Instant updatedAt) {

    static final int MIN_KEY_FOR_HINT = 12;

    public static String last4(String apiKey) {
        return apiKey == null || apiKey.length() < MIN_KEY_FOR_HINT ? null : apiKey.substring(apiKey.length() - 4);
    }
}
