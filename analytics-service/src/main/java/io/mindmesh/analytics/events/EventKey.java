package io.mindmesh.analytics.events;

/** What identifies a stored event: its id within its account (two accounts may use the same id). */
public record EventKey(String accountId, String eventId) {

    public static EventKey of(NewEvent event) {
        return new EventKey(event.accountId(), event.eventId());
    }
}
