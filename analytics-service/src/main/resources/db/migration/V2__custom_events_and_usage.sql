-- Custom events (POST /v1/events) share the table with the platform's events.

-- Their ids are chosen by clients, so an id is unique within its account only: two accounts may
-- both send "evt-1", and neither may learn that the other did.
ALTER TABLE events DROP CONSTRAINT events_event_id_unique;
ALTER TABLE events ADD CONSTRAINT events_account_event_id_unique UNIQUE (account_id, event_id);

-- A custom event need not belong to an execution,
ALTER TABLE events ALTER COLUMN session_id DROP NOT NULL;
-- nor know its agent's name (the agents list takes names from the platform's own events).
ALTER TABLE events DROP CONSTRAINT events_agent_named;
ALTER TABLE events ADD CONSTRAINT events_agent_id_not_blank CHECK (agent_id IS NULL OR btrim(agent_id) <> '');

-- GET /v1/analytics/usage reads only agent completions and failures, by account, environment and day;
-- the operator's report across accounts reads the same rows by environment and day.
CREATE INDEX events_agent_outcome_idx ON events (account_id, environment, created_at)
    WHERE event_type IN ('io.mindmesh.agent.completed', 'io.mindmesh.agent.failed');
CREATE INDEX events_agent_outcome_day_idx ON events (environment, created_at)
    WHERE event_type IN ('io.mindmesh.agent.completed', 'io.mindmesh.agent.failed');
