package io.mindmesh.analytics.events.service;

/**
 * What became of one event of a consumed batch.
 *
 * @param reason why a {@link Outcome#REJECTED} event can never be stored; null otherwise
 */
public record IngestionResult(Outcome outcome, String reason) {

    public static IngestionResult of(Outcome outcome) {
        return new IngestionResult(outcome, null);
    }

    public static IngestionResult rejected(String reason) {
        return new IngestionResult(Outcome.REJECTED, reason);
    }
}
