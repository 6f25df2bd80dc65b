package io.mindmesh.analytics.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The analytics API's environments (docs/public-api.md#event-query). The platform itself only
 * produces {@code development} and {@code production}.
 */
public enum Environment {
    DEVELOPMENT("development"),
    STAGING("staging"),
    PRODUCTION("production");

    /** The values accepted in {@code filters.environment}, for validation messages and patterns. */
    public static final String ACCEPTED = "development|staging|production";

    private final String value;

    Environment(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Environment fromValue(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("Unknown environment " + value));
    }

    /** @return the environment named {@code value}, or empty for any other text */
    public static Optional<Environment> parse(String value) {
        return Arrays.stream(values()).filter(e -> e.value.equals(value)).findFirst();
    }

    /**
     * The platform's key environment ({@code X-Environment}, CloudEvents extension {@code environment}):
     * sandbox {@code test} keys are development traffic; everything else is {@code live}, as
     * {@link io.mindmesh.common.request.Caller} reads it, and lands in production.
     */
    public static Environment fromPlatform(String platformEnvironment) {
        return "test".equals(platformEnvironment) ? DEVELOPMENT : PRODUCTION;
    }
}
