package io.mindmesh.analytics.events.service;

/** An event that can never be stored, whatever the number of retries: it goes to the dead-letter topic. */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason, null, false, false);
    }
}
