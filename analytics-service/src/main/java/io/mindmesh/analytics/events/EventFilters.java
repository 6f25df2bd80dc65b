package io.mindmesh.analytics.events;

import io.mindmesh.common.request.Caller;
import jakarta.validation.constraints.Pattern;

/**
 * {@code filters} of an event query. Blank {@code sessionId}, {@code eventName} and dates mean
 * "no filter", as a form with empty fields would send them; an environment, when given, must be
 * one of the three.
 *
 * @param startDate ISO 8601, inclusive
 * @param endDate   ISO 8601, inclusive
 */
public record EventFilters(
        @Pattern(regexp = Environment.ACCEPTED, message = "must be one of development, staging, production")
        String environment,
        String sessionId,
        String eventName,
        String startDate,
        String endDate) {

    public static final EventFilters NONE = new EventFilters(null, null, null, null, null);

    /** The caller's own environment unless asked otherwise (production for a live key, as the API documents). */
    public Environment environmentOrDefault(Caller caller) {
        return environment == null ? Environment.defaultFor(caller) : Environment.fromValue(environment);
    }
}
