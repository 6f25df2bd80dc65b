package io.mindmesh.analytics.events.service;

import java.util.Locale;

/** What became of one consumed event; the tag value of the consumption counter. */
public enum Outcome {
    STORED,
    DUPLICATE,
    REJECTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
