package io.mindmesh.orchestrator.notification;

/** PostgreSQL notification channels between replicas. */
public enum Channel {
    /** An execution was queued, or a slot freed for an account with queued executions: claim now. */
    EXECUTIONS("mindmesh_executions"),
    /** An execution's events were committed (payload: the execution id): its open streams read now. */
    EVENTS("mindmesh_events"),
    /** Text a streaming llm step received (payload: the delta as JSON): the execution's open streams show it. */
    DELTAS("mindmesh_step_deltas");

    private final String pgName;

    Channel(String pgName) {
        this.pgName = pgName;
    }

    public String pgName() {
        return pgName;
    }
}
