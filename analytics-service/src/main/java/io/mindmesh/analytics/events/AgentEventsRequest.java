package io.mindmesh.analytics.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The body of {@code POST /api/v1/events/agent} (docs/public-api.md#event-query). Messages complete
 * a sentence that starts with the field name, which the error mapper puts in front.
 */
public record AgentEventsRequest(
        @NotBlank(message = "is required") String agentId,
        @Valid EventFilters filters,
        @Min(value = MIN_LIMIT, message = LIMIT_RANGE) @Max(value = MAX_LIMIT, message = LIMIT_RANGE) Integer limit,
        @PositiveOrZero(message = "must be 0 or greater") Integer offset) {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    private static final String LIMIT_RANGE = "must be between 1 and 1000";

    public EventFilters filtersOrNone() {
        return filters == null ? EventFilters.NONE : filters;
    }

    public int limitOrDefault() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    public int offsetOrDefault() {
        return offset == null ? 0 : offset;
    }
}
