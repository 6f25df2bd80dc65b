package io.mindmesh.orchestrator.stream.service;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Gathers the text one attempt of a streaming step receives into deltas: text that arrives
 * {@code interval} or more after the last delta goes at once (with whatever waited), text that
 * follows sooner waits for the next one, and no delta is longer than {@code maxChars} (a surrogate
 * pair is never cut). The deltas concatenated are exactly the text appended. One thread only.
 */
final class DeltaCoalescer {

    private final long intervalNanos;
    private final int maxChars;
    private final LongSupplier clock;
    private final Consumer<String> sink;
    private final StringBuilder held = new StringBuilder();
    private long lastSentAt;

    /** {@code clock} in nanoseconds, as {@link System#nanoTime}. */
    DeltaCoalescer(Duration interval, int maxChars, LongSupplier clock, Consumer<String> sink) {
        this.intervalNanos = interval.toNanos();
        this.maxChars = maxChars;
        this.clock = clock;
        this.sink = sink;
        this.lastSentAt = clock.getAsLong() - intervalNanos;
    }

    void append(String text) {
        held.append(text);
        if (held.length() >= maxChars || clock.getAsLong() - lastSentAt >= intervalNanos) {
            flush();
        }
    }

    /** Sends whatever is held. */
    void flush() {
        while (!held.isEmpty()) {
            int length = Math.min(held.length(), maxChars);
            if (length < held.length() && Character.isHighSurrogate(held.charAt(length - 1))) {
                length--;
            }
            sink.accept(held.substring(0, length));
            held.delete(0, length);
        }
        lastSentAt = clock.getAsLong();
    }
}
