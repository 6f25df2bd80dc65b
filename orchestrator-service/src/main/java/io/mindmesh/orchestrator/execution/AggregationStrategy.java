package io.mindmesh.orchestrator.execution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The aggregation strategies of {@code /v1/orchestrate}
 * (docs/public-api.md#aggregation-strategies); {@link #wireName()} is the lowercase form of the API
 * and the database.
 */
public enum AggregationStrategy {
    MERGE, BEST, VOTE, CUSTOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AggregationStrategy> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
