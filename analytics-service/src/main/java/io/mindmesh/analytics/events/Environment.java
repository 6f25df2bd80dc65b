package io.mindmesh.analytics.events;

import io.mindmesh.common.request.Caller;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The environments a key may read: a sandbox key only {@code development} (where its own
     * traffic lands), a live key {@code production} and {@code staging}. Live and sandbox data of
     * one account are separate worlds (docs/security.md, "Environments"), so asking for another
     * environment reads nothing rather than the other world's events.
     */
    public static Set<Environment> readableBy(Caller caller) {
        return caller.sandbox() ? EnumSet.of(DEVELOPMENT) : EnumSet.of(PRODUCTION, STAGING);
    }

    /** The environment a key's query reads when it names none: where its own traffic lands. */
    public static Environment defaultFor(Caller caller) {
        return fromPlatform(caller.environment());
    }
}
