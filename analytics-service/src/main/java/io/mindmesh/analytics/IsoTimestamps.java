package io.mindmesh.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Response timestamps as the analytics API prints them: UTC with milliseconds, e.g.
 * {@code 2025-10-14T08:37:44.000Z} (docs/public-api.md#event-query).
 */
public final class IsoTimestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoTimestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
